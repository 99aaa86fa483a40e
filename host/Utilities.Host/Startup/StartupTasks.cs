using Npgsql;
using Utilities.Host.Composition;
using Utilities.Host.Demo;

namespace Utilities.Host.Startup;

/// <summary>What runs before the host serves requests: database check, migrations, demo data.</summary>
internal sealed class StartupTasks(
    DatabaseConnection database,
    NpgsqlDataSource dataSource,
    ModuleRegistry modules,
    IServiceScopeFactory scopes,
    ILogger<StartupTasks> logger)
{
    public Task EnsureDatabaseReachableAsync(CancellationToken cancellationToken) =>
        DatabaseBootstrap.EnsureReachableAsync(dataSource, cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        DatabaseBootstrap.MigrateAsync(database.ConnectionString, dataSource, modules, logger, cancellationToken);

    public async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
    }
}

/// <summary>The configured connection string, kept apart because the data source hides its password.</summary>
internal sealed record DatabaseConnection(string ConnectionString);
