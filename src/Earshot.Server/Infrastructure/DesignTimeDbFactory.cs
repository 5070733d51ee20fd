using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Earshot.Server.Infrastructure;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the server.</summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<EarshotDb>
{
    public EarshotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<EarshotDb>().UseSqlite("Data Source=design-time.db").Options);
}
