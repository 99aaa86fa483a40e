using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The scale data set as the host verb <c>seed-scale</c> loads it (a child process, real
/// PostgreSQL): next to the demo data, 2,000 flats with one contract and four accounts each,
/// unique numbers and codes, names in gender agreement, sequences past the new rows, a second
/// run refused, the same seed giving the same data in another database.
/// </summary>
public sealed partial class ScaleDataTests(ScaleDataTests.Loaded loaded) : IClassFixture<ScaleDataTests.Loaded>
{
    private const int Flats = 2000;
    private const string Seed = "7";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private TestDatabase Db => loaded.WithDemo;

    [Fact]
    public async Task Loads_the_flats_with_one_contract_and_four_accounts_each_next_to_the_demo()
    {
        Assert.Equal(Flats, await Db.ScalarAsync<long>("select count(*) from contracts.contracts where number like 'Г-%'"));
        Assert.Equal(Flats + 12L, await Db.ScalarAsync<long>("select count(*) from contracts.premises"));
        Assert.Equal(Flats + 12L, await Db.ScalarAsync<long>("select count(*) from contracts.consumers"));
        Assert.Equal(4L * Flats, await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts where number::bigint >= 20000001"));
        Assert.Equal(48L, await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts where number::bigint between 1000001 and 1000048"));

        // Per flat: one contract, the four services, one or two owners.
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from contracts.premises p
             where (select count(*) from contracts.contracts c where c.premises_id = p.id) <> 1
                or (select count(distinct a.utility) from contracts.personal_accounts a
                     join contracts.contracts c on c.id = a.contract_id and c.premises_id = p.id) <> 4
                or (select count(*) from contracts.premises_owners o where o.premises_id = p.id) not between 1 and 2
            """));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.premises_owners o where o.share is not null and o.share <> '1/2'"));
    }

    [Fact]
    public async Task Numbers_codes_and_phones_are_unique_and_well_formed()
    {
        foreach (var (table, column) in new[]
                 {
                     ("personal_accounts", "number"), ("premises", "payer_code"), ("consumers", "phone"),
                     ("contracts", "number"), ("buildings", "address"),
                 })
        {
            Assert.Equal(0L, await Db.ScalarAsync<long>(
                $"select count(*) from (select {column} from contracts.{table} where {column} is not null group by {column} having count(*) > 1) d"));
        }

        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.personal_accounts where attach_code !~ '^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from contracts.consumers where phone !~ '^\\+79[0-9]{9}$'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.consumers where email <> lower(email) or email !~ '^[a-z0-9.]+@example\\.(ru|com|net|org)$'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.contracts where number like 'Г-%' and number !~ '^Г-20[0-9]{2}/[0-9]{6}$'"));
        Assert.Equal(Flats, await Db.ScalarAsync<long>("select count(*) from contracts.premises where payer_code ~ '^69[0-9]{8}$'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.organisations where bic !~ '^[0-9]{9}$' or settlement_account !~ '^[0-9]{20}$' or correspondent_account !~ '^[0-9]{20}$'"));
    }

    [Fact]
    public async Task Buildings_flats_and_names_are_realistic()
    {
        const string scaleBuildings = """
              from contracts.buildings b
              join (select building_id, count(*) flats, sum(area) area from contracts.premises group by building_id) p on p.building_id = b.id
             where b.address not like 'г. Новоозёрск,%'
            """;
        Assert.InRange(await Db.ScalarAsync<long>($"select count(*) {scaleBuildings}"), 5L, 250L);
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            $"select count(*) {scaleBuildings} and (p.flats not between 8 and 400 or b.floors not between 2 and 25 or b.total_area <= p.area)"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.premises where area not between 25 and 120 or residents not between 1 and 5 or rooms not between 1 and 4"));

        var names = await Db.ColumnAsync("select full_name from contracts.consumers union all select full_name from contracts.premises_owners");
        Assert.True(names.Count > 2 * Flats);
        foreach (var name in names)
            NameAgreement.Assert(name);
        Assert.Contains(names, n => n.Contains('ё', StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("вна", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith("ич", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identity_sequences_are_past_the_new_rows()
    {
        // One more row per table without an id: the sequences must not hand out a taken one.
        await using var connection = new Npgsql.NpgsqlConnection(Db.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var insert = new Npgsql.NpgsqlCommand("""
            with o as (insert into contracts.organisations (kind, name, inn, bank_name, bic, correspondent_account, settlement_account)
                       values ('supplier', 'Тест', '7700000000', 'Банк', '044525000', '30101810000000000000', '40702810000000000000') returning id),
                 b as (insert into contracts.buildings (address, total_area, floors, has_heat_meter)
                       values ('г. Тестовый, ул. Новая, д. 1', 100, 2, false) returning id),
                 p as (insert into contracts.premises (building_id, number, area, rooms, residents, payer_code)
                       select b.id, '1', 40, 1, 1, 'TEST-1' from b returning id),
                 w as (insert into contracts.premises_owners (premises_id, full_name) select p.id, 'Тестов Тест Тестович' from p returning id),
                 c as (insert into contracts.consumers (full_name) values ('Тестов Тест Тестович') returning id),
                 k as (insert into contracts.contracts (number, consumer_id, premises_id, concluded_on)
                       select 'T-1', c.id, p.id, date '2026-01-01' from c, p returning id)
            insert into contracts.personal_accounts (number, contract_id, premises_id, utility, supplier_id, opened_on, attach_code)
            select '99999999', k.id, p.id, 'electricity', o.id, date '2026-01-01', 'ABCDEFGH' from k, p, o, w
            """, connection, transaction);
        Assert.Equal(1, await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        // The office's account numbers come next after the generated ones.
        Assert.True(await Db.ScalarAsync<bool>(
            "select (select last_value from contracts.account_number_seq) >= (select max(number::bigint) from contracts.personal_accounts where number ~ '^[0-9]+$')"));
    }

    [Fact]
    public async Task A_second_run_is_refused_with_one_line_and_changes_nothing()
    {
        var accounts = await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts");

        var (code, error) = await SeedScaleAsync(Db, "--premises", "50", "--seed", "8");

        Assert.Equal(2, code);
        Assert.Equal(
            $"error: the scale data set is already in this database ({Flats} contracts numbered Г-…); load it into a fresh database",
            error);
        Assert.Equal(accounts, await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts"));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data_in_another_database()
    {
        const string flats = """
            select string_agg(concat_ws('|', k.number, c.full_name, c.email, c.phone, p.number, p.area, p.payer_code, b.address), E'\n' order by k.number)
              from (select * from contracts.contracts where number like 'Г-%' order by substr(number, 8) limit 100) k
              join contracts.consumers c on c.id = k.consumer_id
              join contracts.premises p on p.id = k.premises_id
              join contracts.buildings b on b.id = p.building_id
            """;
        const string accounts = """
            select string_agg(number || ' ' || utility || ' ' || attach_code, ',' order by number)
              from (select * from contracts.personal_accounts where number::bigint >= 20000001 order by number limit 400) a
            """;

        var expected = await Db.ScalarAsync<string>(flats);
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.Equal(expected, await loaded.Alone.ScalarAsync<string>(flats));
        Assert.Equal(await Db.ScalarAsync<string>(accounts), await loaded.Alone.ScalarAsync<string>(accounts));
        Assert.Equal(
            await Db.ScalarAsync<long>("select count(*) from contracts.premises_owners o join contracts.premises p on p.id = o.premises_id where p.payer_code ~ '^69[0-9]{8}$'"),
            await loaded.Alone.ScalarAsync<long>("select count(*) from contracts.premises_owners"));
    }

    [Fact]
    public async Task Bad_options_are_explained_in_one_line()
    {
        var (code, error) = await SeedScaleAsync(Db, "--premises", "many");
        Assert.Equal(2, code);
        Assert.Equal("error: --premises must be a whole number from 1 to 10000000, not 'many'", error);

        (code, error) = await SeedScaleAsync(Db, "--daily-months", "13");
        Assert.Equal(2, code);
        Assert.Equal("error: --daily-months must be a whole number from 0 to 12, not '13'", error);
    }

    private static async Task<(int Code, string Error)> SeedScaleAsync(TestDatabase db, params string[] options)
    {
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Utilities"] = db.ConnectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        await using var host = ChildProcess.StartHost(env, ["seed-scale", .. options]);
        var code = await host.WaitForExitAsync(Timeout);
        return (code, host.StandardError.Trim());
    }

    /// <summary>Two databases: the demo data and then the scale set (seed 7); the scale set alone (seed 7).</summary>
    public sealed class Loaded : IAsyncLifetime
    {
        public TestDatabase WithDemo { get; private set; } = null!;

        public TestDatabase Alone { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            WithDemo = await TestDatabase.CreateAsync();
            Alone = await TestDatabase.CreateAsync();
            var env = new Dictionary<string, string?> { ["ConnectionStrings__Utilities"] = WithDemo.ConnectionString, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" };
            await using (var demo = ChildProcess.StartHost(env, "seed-demo"))
                Check(await demo.WaitForExitAsync(Timeout), demo);

            foreach (var db in new[] { WithDemo, Alone })
            {
                var (code, error) = await SeedScaleAsync(db, "--premises", Flats.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", Seed);
                if (code != 0)
                    throw new InvalidOperationException($"seed-scale ended with {code}: {error}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await WithDemo.DisposeAsync();
            await Alone.DisposeAsync();
        }

        private static void Check(int code, ChildProcess process)
        {
            if (code != 0)
                throw new InvalidOperationException($"seed-demo ended with {code}: {process.StandardError}");
        }
    }
}

/// <summary>Russian full names: a woman's surname and patronymic are feminine, a man's masculine.</summary>
internal static class NameAgreement
{
    public static void Assert(string fullName)
    {
        var parts = fullName.Split(' ');
        Xunit.Assert.True(parts.Length == 3, fullName);
        var (surname, first, patronymic) = (parts[0], parts[1], parts[2]);
        if (patronymic.EndsWith("вна", StringComparison.Ordinal) || patronymic.EndsWith("чна", StringComparison.Ordinal))
        {
            Xunit.Assert.True(first.EndsWith('а') || first.EndsWith('я'), $"female first name: {fullName}");
            Xunit.Assert.True(
                surname.EndsWith('а') || surname.EndsWith('я') || surname.EndsWith("ко", StringComparison.Ordinal)
                || surname.EndsWith("ых", StringComparison.Ordinal) || surname.EndsWith("их", StringComparison.Ordinal),
                $"female surname: {fullName}");
        }
        else
        {
            Xunit.Assert.True(patronymic.EndsWith("ич", StringComparison.Ordinal), $"patronymic: {fullName}");
            Xunit.Assert.False(surname.EndsWith('а') || surname.EndsWith('я'), $"male surname: {fullName}");
        }
    }
}
