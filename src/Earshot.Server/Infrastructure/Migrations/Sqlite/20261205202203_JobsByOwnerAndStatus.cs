using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Earshot.Server.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobsByOwnerAndStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Jobs_OwnerId_Status",
                table: "Jobs",
                columns: new[] { "OwnerId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_OwnerId_Status",
                table: "Jobs");
        }
    }
}
