using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>architecture.md, "Who owns what": each module's tables in its own schema, nowhere else.</summary>
public sealed class SchemaOwnershipTests(HostFixture host) : IClassFixture<HostFixture>
{
    public static TheoryData<string, string> ModuleTables => new()
    {
        { "contracts", "personal_accounts" },
        { "contracts", "premises" },
        { "metering", "meters" },
        { "metering", "readings" },
        { "billing", "tariffs" },
        { "billing", "tariff_versions" },
        { "repair_fund", "funds" },
        { "repair_fund", "contribution_rates" },
        { "notifications", "notices" },
        { "platform", "setting_values" },
        { "platform", "staff_users" },
        { "platform", "audit_log" },
        { "platform", "data_protection_keys" },
    };

    [Theory]
    [MemberData(nameof(ModuleTables))]
    public async Task Table_lives_in_its_owners_schema_only(string schema, string table)
    {
        var schemas = await host.Database.ColumnAsync(
            $"select table_schema from information_schema.tables where table_name = '{table}' order by 1");
        Assert.Equal([schema], schemas);
    }

    [Fact]
    public async Task Every_schema_has_its_own_migration_version_table()
    {
        var schemas = await host.Database.ColumnAsync(
            "select table_schema from information_schema.tables where table_name = 'version_info' order by 1");
        Assert.Equal(["billing", "contracts", "metering", "notifications", "platform", "repair_fund"], schemas);
    }

    [Fact]
    public async Task Public_schema_holds_no_tables()
    {
        var tables = await host.Database.ColumnAsync(
            "select table_name from information_schema.tables where table_schema = 'public'");
        Assert.Empty(tables);
    }

    [Fact]
    public async Task No_foreign_key_crosses_a_schema()
    {
        var crossing = await host.Database.ColumnAsync("""
            select c.conname
              from pg_constraint c
              join pg_class s on s.oid = c.conrelid
              join pg_class t on t.oid = c.confrelid
             where c.contype = 'f' and s.relnamespace <> t.relnamespace
            """);
        Assert.Empty(crossing);
        var local = await host.Database.ScalarAsync<long>("select count(*) from pg_constraint where contype = 'f'");
        Assert.True(local > 0, "the canary: foreign keys inside a schema exist, so the query above can see them");
    }
}
