using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Earshot.Server.Infrastructure.EntityConfigurations;

internal sealed class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> builder)
    {
        builder.HasIndex(r => new { r.OwnerId, r.CreatedAt });
        builder.HasIndex(r => r.AudioFileId);
        builder.Property(r => r.Name).HasMaxLength(255);
        builder.Property(r => r.Model).HasMaxLength(128);
        builder.Property(r => r.ResultModel).HasMaxLength(128);
        builder.Property(r => r.ResultModelVersion).HasMaxLength(128);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
