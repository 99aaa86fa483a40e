using System.Net.Sockets;
using Npgsql;
using Utilities.Host.Composition;
using Utilities.Platform.Data;

namespace Utilities.Host.Startup;

/// <summary>Opens the database, checks that it answers, and brings every schema up to date.</summary>
internal static class DatabaseBootstrap
{
    public const string PlatformSchema = "platform";

    // Any number will do as long as every host uses the same one: it serialises migrations when
    // several hosts start against one database at once.
    private const long MigrationLockKey = 0x5554494C_4D494752;

    public static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Utilities");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException(
                "no database is configured: set ConnectionStrings__Utilities, or start the system with ./run.sh, which runs a private PostgreSQL");
        }

        return connectionString;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"the connection string ConnectionStrings:Utilities is not valid: {e.Message}", e);
        }

        builder.ConnectionStringBuilder.ApplicationName ??= "utilities";
        // Statements the host repeats (every page's queries) are prepared on each pooled connection after
        // their second use: PostgreSQL then skips parsing and, once it settles on a generic plan, planning,
        // which over the yearly partitions of the readings costs more than running them (bench cabinet-load).
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 256;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // A connection returned to the pool is not reset (Npgsql's reset with prepared statements is seven statements
        // run before the next command: a dashboard opens eight connections, so they were ~110,000 statements in a
        // benchmark minute). Nothing here leaves session state behind: SET is not used, temporary tables are dropped
        // or emptied on commit, session advisory locks are released in finally, LISTEN connections unlisten
        // (Listening.CloseAsync); a transaction left open is rolled back on close regardless. A connection string
        // that names the setting keeps its value.
        if (!NamesKey(connectionString, "noresetonclose"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;

        return builder.Build();
    }

    /// <summary>Whether the connection string sets the key (spaces and case aside: "No Reset On Close", "NoResetOnClose").</summary>
    private static bool NamesKey(string connectionString, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Any(k => string.Equals(k.Replace(" ", string.Empty, StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));

    public static string Describe(NpgsqlDataSource dataSource)
    {
        var b = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    public static async Task EnsureReachableAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            var reason = e.InnerException is SocketException s ? s.Message : e.Message;
            throw new StartupException($"cannot reach the database at {Describe(dataSource)}: {reason}", e);
        }
    }

    public static async Task MigrateAsync(string connectionString, NpgsqlDataSource dataSource, ModuleRegistry modules, ILogger logger, CancellationToken cancellationToken)
    {
        await EnsureReachableAsync(dataSource, cancellationToken);
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({MigrationLockKey})", lockConnection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            SchemaMigrator.Migrate(connectionString, PlatformSchema, typeof(DatabaseBootstrap).Assembly, "Utilities.Host.Platform.Migrations");
            foreach (var module in modules.Enabled)
            {
                SchemaMigrator.Migrate(connectionString, module.Schema, module.Assembly);
                SchemaMigrator.MigrateMessaging(connectionString, module.Schema);
                logger.LogInformation("Schema {Schema} of module {Module} {Version} is up to date", module.Schema, module.Name, module.Version);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
