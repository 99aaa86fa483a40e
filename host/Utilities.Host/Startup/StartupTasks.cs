using Npgsql;
using Utilities.Host.Composition;
using Utilities.Host.Demo;
using Utilities.Platform.Modules;

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

    /// <summary>Loads the generated scale data set of every enabled module, in order; a collision ends it with a <see cref="StartupException"/>.</summary>
    public async Task<IReadOnlyList<(string Table, long Rows)>> SeedScaleAsync(ScaleDataRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = new List<(string Table, long Rows)>();
        try
        {
            foreach (var data in scope.ServiceProvider.GetServices<IScaleData>().OrderBy(d => d.Order))
                rows.AddRange(await data.LoadAsync(request, cancellationToken));
        }
        catch (ScaleDataConflictException e)
        {
            throw new StartupException(e.Message, e);
        }

        return rows;
    }
}

/// <summary>The configured connection string, kept apart because the data source hides its password.</summary>
internal sealed record DatabaseConnection(string ConnectionString);
