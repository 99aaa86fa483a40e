using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Metering.Meters;
using Utilities.Metering.Readings;

namespace Utilities.Host.Tests;

/// <summary>The host with the four plugins and a fifth one (gas) in its plugins folder; nothing else differs.</summary>
public sealed class GasPluginHostFixture : HostFixture
{
    public string PluginsPath { get; } = Path.Combine(Path.GetTempPath(), "utilities-plugins-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            Copy(Path.Combine(AppContext.BaseDirectory, "plugins"), PluginsPath);
            Copy(Path.Combine(AppContext.BaseDirectory, "fixture-plugins", "Utilities.Plugins.Fixture.Gas"), Path.Combine(PluginsPath, "Utilities.Plugins.Fixture.Gas"));
            return new Dictionary<string, string?> { ["Plugins:Path"] = PluginsPath };
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(PluginsPath, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

/// <summary>
/// Issue 5: "a fifth plugin added only in a test proves a new utility type needs no module change".
/// The gas plugin (tests/fixtures, SDK 1.2) is dropped into the plugins folder; Metering registers a
/// gas building meter with the plugin's layout, takes readings checked by the plugin's own rule and
/// computes consumption, with no line of any module knowing gas.
/// </summary>
public sealed class GasPluginMeteringTests(GasPluginHostFixture host) : IClassFixture<GasPluginHostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gas_meter_is_registered_read_validated_by_the_gas_plugin_and_its_consumption_computed()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
        var building = await host.Database.ScalarAsync<long>("select id from contracts.buildings order by id limit 1");
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<MeterRegistry>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var wrongLayout = await registry.RegisterAsync(new MeterForm(null, building, "gas", "GAS-1", "two-zone", 5, false, today.AddMonths(-3), today.AddYears(8)), Cancel);
        Assert.Contains("Бытовой счётчик газа", Assert.Single(wrongLayout.Errors), StringComparison.Ordinal); // the plugin's layouts are offered

        var registered = await registry.RegisterAsync(new MeterForm(null, building, "gas", "GAS-1", "household", 5, false, today.AddMonths(-3), today.AddYears(8)), Cancel);
        Assert.True(registered.Succeeded, string.Join("; ", registered.Errors));
        var meter = registered.MeterId!.Value;
        Assert.Equal(["total"], await host.Database.ColumnAsync($"select unnest(registers) from metering.meters where id = {meter}"));

        var intake = scope.ServiceProvider.GetRequiredService<ReadingIntake>();
        var inspector = ReadingSubmitter.Inspector("inspector");
        Assert.True((await intake.SubmitAsync(inspector, new ReadingForm(meter, today.AddMonths(-2), new Dictionary<string, string?> { ["total"] = "1200,5" }), Cancel)).Succeeded);

        // The gas plugin's own check: a household gas meter has three decimals.
        var tooFine = await intake.SubmitAsync(inspector, new ReadingForm(meter, today.AddMonths(-1), new Dictionary<string, string?> { ["total"] = "1300,1234" }), Cancel);
        Assert.Equal(IntakeOutcome.Refused, tooFine.Outcome);
        Assert.Contains("у счётчика газа три знака после запятой", string.Join(" ", tooFine.AllMessages), StringComparison.Ordinal);

        var stored = await intake.SubmitAsync(inspector, new ReadingForm(meter, today.AddMonths(-1), new Dictionary<string, string?> { ["total"] = "1300,125" }), Cancel);
        Assert.Equal(IntakeOutcome.Stored, stored.Outcome);
        Assert.Equal(99.625m, stored.Registers.Single().Consumption);

        var months = await scope.ServiceProvider.GetRequiredService<IConsumptionQuery>()
            .MonthlyAsync(ConsumptionOwner.Building(building), stored.Period!.Value, stored.Period!.Value, Cancel);
        Assert.Equal(99.625m, months.Single(m => m.MeterId == meter).Volume);
        Assert.Equal("gas", months.Single(m => m.MeterId == meter).Utility);
    }
}
