using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Bulk readings of automated meters (issue 5, "Bulk ingestion"): POST /api/metering/readings with
/// CSV or JSON lines and the metering:write scope, and the import-readings verb.
/// </summary>
public sealed class ReadingImportTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Url = "/api/metering/readings";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    /// <summary>An automated two-zone electricity meter (5 digits) installed on 01.01.2024, with a serial no other test uses.</summary>
    private async Task<string> MeterAsync(bool automated = true, string? removedOn = null, int digits = 5)
    {
        var serial = "IMP-" + Guid.NewGuid().ToString("N")[..10];
        await Db.ExecuteAsync($"""
            insert into metering.meters (building_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until, removed_on)
            values (900001, 'electricity', '{serial}', array['T1','T2'], {digits}, {automated}, '2024-01-01', '2034-01-01', {(removedOn is null ? "null" : $"'{removedOn}'")})
            """);
        return serial;
    }

    private async Task<(string Key, string Prefix)> KeyAsync(params string[] scopes)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var (client, key) = await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("meter system", scopes, "test", Cancel);
        return (key, client.KeyPrefix);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType = "text/csv", string? key = null)
    {
        key ??= (await KeyAsync("metering:write")).Key;
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return await client.PostAsync(Url, new StringContent(body, Encoding.UTF8, contentType), Cancel);
    }

    private async Task<JsonElement> ImportAsync(string body, string contentType = "text/csv", string? key = null)
    {
        var response = await PostAsync(body, contentType, key);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private Task<long> CountAsync(string serial) =>
        Db.ScalarAsync<long>("select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s", ("s", serial));

    private static long Number(JsonElement summary, string name) => summary.GetProperty(name).GetInt64();

    private static Dictionary<long, string> Errors(JsonElement summary) =>
        summary.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("line").GetInt64(), e => e.GetProperty("reason").GetString()!);

    [Fact]
    public async Task Csv_values_are_stored_as_confirmed_automation_readings_by_the_api_client_with_one_event()
    {
        var serial = await MeterAsync();
        var (key, prefix) = await KeyAsync("metering:write");
        var events = await Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.readings-imported'");

        var summary = await ImportAsync($"""
            serial,register,taken_at,value
            {serial},T1,2025-03-01T00:00,1200.5
            {serial},T2,2025-03-01T00:00,300
            {serial},T1,2025-03-02T00:00:00,1210.25
            """, key: key);

        Assert.Equal((3, 3, 0, 0), (Number(summary, "received"), Number(summary, "stored"), Number(summary, "unchanged"), Number(summary, "rejected")));
        Assert.Equal(3L, await Db.ScalarAsync<long>(
            "select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s and r.source = 'automation' and r.status = 'confirmed' and r.kind = 'regular' and r.submitted_by = @by",
            ("s", serial), ("by", "api:" + prefix)));
        Assert.Equal(1210.25m, await Db.ScalarAsync<decimal>(
            "select r.value from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s and r.taken_at = '2025-03-02 00:00'", ("s", serial)));
        Assert.Equal(events + 1, await Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.readings-imported'"));
        Assert.Equal(3L, await Db.ScalarAsync<long>(
            "select (payload->>'stored')::bigint from metering.outbox where type = 'metering.readings-imported' and payload->>'submittedBy' = @by", ("by", "api:" + prefix)));
    }

    [Fact]
    public async Task Json_lines_are_stored_like_csv()
    {
        var serial = await MeterAsync();

        var summary = await ImportAsync($$"""
            {"serial":"{{serial}}","register":"T1","taken_at":"2025-04-01T00:00","value":1500.125}
            {"serial":"{{serial}}","utility":"electricity","register":"T2","taken_at":"2025-04-01T00:00","value":"410"}
            """, "application/x-ndjson");

        Assert.Equal((2, 2, 0), (Number(summary, "received"), Number(summary, "stored"), Number(summary, "rejected")));
        Assert.Equal(1500.125m, await Db.ScalarAsync<decimal>(
            "select r.value from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s and r.register = 'T1'", ("s", serial)));
    }

    [Fact]
    public async Task A_value_at_midnight_on_the_first_closes_the_previous_month()
    {
        var serial = await MeterAsync();

        await ImportAsync($"""
            serial,register,taken_at,value
            {serial},T1,2025-05-01T00:00,100
            {serial},T1,2025-05-01T00:30,101
            {serial},T1,2025-05-31T23:59:59,102
            """);

        var periods = await Db.ColumnAsync($"select r.period::text from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = '{serial}' order by r.taken_at");
        Assert.Equal(["2025-04-01", "2025-05-01", "2025-05-01"], periods);
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_their_line_numbers_and_nothing_of_them_is_stored()
    {
        var serial = await MeterAsync(digits: 5);
        var removed = await MeterAsync(removedOn: "2025-02-10");
        var manual = await MeterAsync(automated: false);
        var future = DateTime.Now.AddDays(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var summary = await ImportAsync($"""
            serial,register,taken_at,value
            {serial},T1,2025-03-01T00:00,100
            NO-SUCH-METER,T1,2025-03-01T00:00,100
            {serial},T3,2025-03-01T00:00,100
            {serial},T1,2025-03-02T00:00,twelve
            {serial},T1,2025-03-03T00:00,-5

            {serial},T1,2025-03-04T00:00,123456
            {serial},T1,{future},100
            {serial},T1,01.03.2025,100
            {serial},T1,2023-12-31T23:00,100
            {removed},T1,2025-02-11T01:00,100
            {manual},T1,2025-03-01T00:00,100
            {serial},T1
            {serial},T2,2025-03-01T00:00,1.1234567
            {removed},T1,2025-02-10T18:00,90
            """);

        var errors = Errors(summary);
        Assert.Equal([3L, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15], errors.Keys.Order());
        Assert.Equal((14L, 2L, 12L), (Number(summary, "received"), Number(summary, "stored"), Number(summary, "rejected")));
        Assert.Contains("NO-SUCH-METER", errors[3], StringComparison.Ordinal);
        Assert.Contains("T1, T2", errors[4], StringComparison.Ordinal);
        Assert.Contains("twelve", errors[5], StringComparison.Ordinal);
        Assert.Contains("отрицательным", errors[6], StringComparison.Ordinal);
        Assert.Contains("(5)", errors[8], StringComparison.Ordinal);
        Assert.Contains("не наступила", errors[9], StringComparison.Ordinal);
        Assert.Contains("01.03.2025", errors[10], StringComparison.Ordinal);
        Assert.Contains("01.01.2024", errors[11], StringComparison.Ordinal);
        Assert.Contains("10.02.2025", errors[12], StringComparison.Ordinal);
        Assert.Contains(manual, errors[13], StringComparison.Ordinal);
        Assert.Contains("6", errors[15], StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync(serial));
        Assert.Equal(1L, await CountAsync(removed)); // its final day still counts
        Assert.Equal(0L, await CountAsync(manual));
    }

    [Fact]
    public async Task A_retry_of_the_same_file_stores_nothing_twice()
    {
        var serial = await MeterAsync();
        var file = $"""
            serial,register,taken_at,value
            {serial},T1,2025-06-01T00:00,10
            {serial},T2,2025-06-01T00:00,20
            {serial},T1,2025-06-02T00:00,11
            """;
        var first = await ImportAsync(file);
        var events = await Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.readings-imported'");

        var retry = await ImportAsync(file);

        Assert.Equal(3L, Number(first, "stored"));
        Assert.Equal((3, 0, 3, 0), (Number(retry, "received"), Number(retry, "stored"), Number(retry, "unchanged"), Number(retry, "rejected")));
        Assert.Equal(3L, await CountAsync(serial));
        Assert.Equal(events, await Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.readings-imported'"));
    }

    [Fact]
    public async Task A_different_value_for_a_stored_time_is_reported_as_a_conflict_and_the_first_stays()
    {
        var serial = await MeterAsync();
        await ImportAsync($"""
            serial,register,taken_at,value
            {serial},T1,2025-07-01T00:00,10
            """);

        var summary = await ImportAsync($"""
            serial;register;taken_at;value
            {serial};T1;2025-07-01T00:00;12,5
            {serial};T1;2025-07-02T00:00;13
            {serial};T1;2025-07-02T00:00;14
            """);

        Assert.Equal((3, 1, 0, 2), (Number(summary, "received"), Number(summary, "stored"), Number(summary, "unchanged"), Number(summary, "rejected")));
        var errors = Errors(summary);
        Assert.Equal([2L, 4], errors.Keys.Order());
        Assert.Contains("10", errors[2], StringComparison.Ordinal);
        Assert.Contains("13", errors[4], StringComparison.Ordinal);
        Assert.Equal(10m, await Db.ScalarAsync<decimal>(
            "select r.value from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s and r.taken_at = '2025-07-01'", ("s", serial)));
    }

    [Fact]
    public async Task Without_a_key_the_answer_is_401_and_without_metering_write_403()
    {
        var anonymous = await host.Factory.CreateClient().PostAsync(Url, new StringContent("serial,register,taken_at,value\n", Encoding.UTF8, "text/csv"), Cancel);
        var (readOnly, _) = await KeyAsync("metering:read", "contracts:write");
        var forbidden = await PostAsync("serial,register,taken_at,value\n", key: readOnly);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("metering:write", await forbidden.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_or_headerless_body_or_another_type_is_refused_with_a_message_and_stores_nothing()
    {
        var serial = await MeterAsync();

        var empty = await PostAsync(string.Empty);
        var headerless = await PostAsync($"{serial},T1,2025-08-01T00:00,10\n");
        var emptyJson = await PostAsync("\n\n", "application/x-ndjson");
        var xml = await PostAsync("<readings/>", "application/xml");

        foreach (var response in new[] { empty, headerless, emptyJson })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("error").GetProperty("message").GetString();
            Assert.False(string.IsNullOrWhiteSpace(message));
        }

        Assert.Contains("serial,register,taken_at,value", await headerless.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal(0L, await CountAsync(serial));
    }

    [Fact]
    public async Task The_import_readings_verb_imports_a_file_and_exits_1_when_rows_were_rejected()
    {
        await using var db = await TestDatabase.CreateAsync();
        var env = new Dictionary<string, string?> { ["ConnectionStrings__Utilities"] = db.ConnectionString, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" };
        await using (var migrate = ChildProcess.StartHost(env, "migrate"))
            Assert.Equal(0, await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await db.ExecuteAsync("""
            insert into metering.meters (building_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values (1, 'heating', 'CLI-1', array['total'], 6, true, '2024-01-01', '2034-01-01')
            """);
        var file = Path.Combine(Path.GetTempPath(), $"readings-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "serial,register,taken_at,value\nCLI-1,total,2025-01-01T00:00,12.5\nCLI-1,total,2025-01-02T00:00,x\n", Cancel);
        try
        {
            await using var import = ChildProcess.StartHost(env, "import-readings", file, "--client", "ascue");
            var code = await import.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(code == 1, import.StandardError);
            Assert.Contains("import-readings: received 2, stored 1, unchanged 0, rejected 1", import.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("line 3: ", import.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("cli:ascue", await db.ScalarAsync<string>("select submitted_by from metering.readings"));

            await using var missing = ChildProcess.StartHost(env, "import-readings", file + ".none");
            Assert.Equal(2, await missing.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.StartsWith("error: cannot read the file", missing.StandardError.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_file_of_several_batches_is_stored_while_it_is_read_and_a_retry_finds_the_conflict_in_a_later_batch()
    {
        // 2 registers × 65,000 quarter-hours (2024-01-01 to 2025-11) = 130,000 rows: three batches of 50,000, stored while the next is read.
        var serial = await MeterAsync(digits: 9);
        var start = new DateTime(2024, 1, 1);
        string File(int changedHour)
        {
            var csv = new StringBuilder("serial,register,taken_at,value\n");
            for (var hour = 0; hour < 65_000; hour++)
            {
                var at = start.AddMinutes(15 * hour).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
                csv.Append(serial).Append(",T1,").Append(at).Append(',').Append(hour == changedHour ? hour + 1 : hour).Append('\n');
                csv.Append(serial).Append(",T2,").Append(at).Append(',').Append(hour / 2).Append('\n');
            }

            return csv.ToString();
        }

        var first = await ImportAsync(File(changedHour: -1));
        Assert.Equal((130_000, 130_000, 0, 0), (Number(first, "received"), Number(first, "stored"), Number(first, "unchanged"), Number(first, "rejected")));
        Assert.Equal(130_000, await CountAsync(serial));

        // The same file again with one value changed in the third batch (interval 60,000: line 120,002).
        var retry = await ImportAsync(File(changedHour: 60_000));
        Assert.Equal((130_000, 0, 129_999, 1), (Number(retry, "received"), Number(retry, "stored"), Number(retry, "unchanged"), Number(retry, "rejected")));
        Assert.Contains("60000", Assert.Single(Errors(retry), e => e.Key == 120_002).Value, StringComparison.Ordinal);
        Assert.Equal(130_000, await CountAsync(serial));
    }
}
