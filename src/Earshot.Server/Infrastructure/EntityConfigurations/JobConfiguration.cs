using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Earshot.Server.Infrastructure.EntityConfigurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.HasIndex(j => new { j.OwnerId, j.CreatedAt });
        builder.HasIndex(j => new { j.Status, j.HeartbeatAt });
        // The per-user limits count a user's unfinished jobs on every submit; without this they read the user's whole history.
        builder.HasIndex(j => new { j.OwnerId, j.Status });
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Worker).HasMaxLength(128);
        builder.HasOne<User>().WithMany().HasForeignKey(j => j.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
