using System.Reflection;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Conventions;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.VersionTableInfo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Utilities.Platform.Messaging.Migrations;

namespace Utilities.Platform.Data;

/// <summary>
/// Runs the FluentMigrator migrations of one assembly (optionally one namespace) into one schema,
/// with that schema's own version table. The schema is created by the runner (it owns it), so a
/// migration never creates its own schema.
/// </summary>
public static class SchemaMigrator
{
    public static void Migrate(string connectionString, string schema, Assembly assembly, string? migrationNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Run(connectionString, schema, new ModuleVersionTable(schema), assembly, migrationNamespace, _ => { });
    }

    /// <summary>
    /// Creates the platform-owned <c>outbox</c> and <c>inbox</c> tables inside a module's schema,
    /// with their own version table (<c>messaging_version_info</c>) so module numbering stays free.
    /// </summary>
    public static void MigrateMessaging(string connectionString, string schema) =>
        Run(connectionString, schema, new ModuleVersionTable(schema, "messaging_version_info"), typeof(SchemaMigrator).Assembly,
            typeof(MessagingSchema).Namespace, s => s.AddSingleton(new MessagingSchema(schema)));

    private static void Run(string connectionString, string schema, IVersionTableMetaData versionTable, Assembly assembly, string? migrationNamespace, Action<IServiceCollection> more)
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddFluentMigratorCore()
            .ConfigureRunner(rb => rb
                .AddPostgres()
                .WithGlobalConnectionString(connectionString)
                .WithVersionTable(versionTable)
                .ScanIn(assembly).For.Migrations())
            // Tables, indexes and keys without an explicit schema go into the module's schema.
            .AddSingleton<IConventionSet>(new DefaultConventionSet(schema, null))
            .Configure<TypeFilterOptions>(o => o.Namespace = migrationNamespace)
            .Configure<RunnerOptions>(o => o.TransactionPerSession = true);
        more(services);
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    /// <summary>The newest migration applied in a schema, or null when the schema has none.</summary>
    public static async Task<long?> AppliedVersionAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        // The version table may not exist yet: ask the catalogue first, then read it.
        await using var command = dataSource.CreateCommand("select to_regclass(@t) is not null");
        command.Parameters.AddWithValue("t", $"{schema}.version_info");
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            return null;
        await using var read = dataSource.CreateCommand($"select max(version) from \"{schema}\".version_info");
        return await read.ExecuteScalarAsync(cancellationToken) is long v ? v : null;
    }
}
