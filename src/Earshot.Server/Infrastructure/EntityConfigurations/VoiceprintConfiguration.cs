using Earshot.Server.Entities;
using Earshot.Server.Voices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Earshot.Server.Infrastructure.EntityConfigurations;

internal sealed class VoiceprintConfiguration : IEntityTypeConfiguration<Voiceprint>
{
    public void Configure(EntityTypeBuilder<Voiceprint> builder)
    {
        builder.HasIndex(v => new { v.OwnerId, v.ExternalId }).IsUnique();
        builder.Property(v => v.ExternalId).HasMaxLength(VoiceIds.MaxLength);
        builder.Property(v => v.Model).HasMaxLength(128);
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
