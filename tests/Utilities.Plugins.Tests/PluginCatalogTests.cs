using Microsoft.Extensions.Logging;
using Utilities.Host.Plugins;
using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

/// <summary>The catalog over real plugin assemblies, as the build placed them.</summary>
public sealed class PluginCatalogTests
{
    [Fact]
    public void The_four_utility_plugins_load_from_the_plugins_folder_with_unit_and_registers()
    {
        var catalog = PluginCatalog.Load(PluginDirectory.HostPlugins);

        Assert.Empty(catalog.Rejected);
        var plugins = catalog.Loaded.ToDictionary(p => p.Plugin.Code);
        Assert.Equal(["cold-water", "electricity", "heating", "hot-water"], plugins.Keys.Order());

        Assert.Equal("kWh", plugins["electricity"].Plugin.Unit.Code);
        Assert.Equal(["T1", "T2", "T3"], plugins["electricity"].Plugin.Registers.Select(r => r.Code));
        Assert.Equal("m3", plugins["cold-water"].Plugin.Unit.Code);
        Assert.Equal("m3", plugins["hot-water"].Plugin.Unit.Code);
        Assert.Equal("Gcal", plugins["heating"].Plugin.Unit.Code);
        foreach (var code in new[] { "cold-water", "hot-water", "heating" })
            Assert.Equal(["total"], plugins[code].Plugin.Registers.Select(r => r.Code));
        Assert.Equal("Электроснабжение", plugins["electricity"].Plugin.DisplayName.Russian);
        Assert.Equal("Cold water", plugins["cold-water"].Plugin.DisplayName.English);
        Assert.Equal("м³", plugins["hot-water"].Plugin.Unit.Symbol.Russian);
    }

    [Fact]
    public void Each_plugin_comes_from_its_own_folder_and_shares_the_hosts_sdk()
    {
        var catalog = PluginCatalog.Load(PluginDirectory.HostPlugins);

        Assert.Equal(4, catalog.Loaded.Count);
        foreach (var loaded in catalog.Loaded)
        {
            var assembly = loaded.Plugin.GetType().Assembly;
            Assert.Equal(Path.Combine(PluginDirectory.HostPlugins, loaded.Folder, loaded.Folder + ".dll"), assembly.Location);
            Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly));
            // No SDK copy in the folder: the one SDK is the host's (stack-notes.md, trap 4).
            Assert.False(File.Exists(Path.Combine(PluginDirectory.HostPlugins, loaded.Folder, "Utilities.Plugins.Sdk.dll")));
            // The forecasting model is the plugin's own (plugins/Forecasting, compiled into each).
            Assert.Same(assembly, loaded.Plugin.Forecaster.GetType().Assembly);
            Assert.Equal("1.5.0", loaded.SdkVersion);
            Assert.Matches(@"^\d+\.\d+\.\d+$", loaded.Version);
        }
    }

    [Fact]
    public void Plugins_built_against_sdk_1_1_or_later_describe_themselves()
    {
        var catalog = PluginCatalog.Load(PluginDirectory.HostPlugins);

        foreach (var loaded in catalog.Loaded)
            Assert.NotEqual(loaded.Plugin.DisplayName, loaded.Plugin.Description);
    }

    [Fact]
    public void A_plugin_built_against_sdk_1_0_loads_on_the_current_sdk_and_works_with_its_own_dependency()
    {
        using var directory = new PluginDirectory().WithFixture(PluginDirectory.OldSdkFixture);

        var catalog = PluginCatalog.Load(directory.Path);

        Assert.Empty(catalog.Rejected);
        var loaded = Assert.Single(catalog.Loaded);
        Assert.Equal("1.0.0", loaded.SdkVersion);
        Assert.Equal(new Version(1, 5, 0, 0), typeof(IUtilityPlugin).Assembly.GetName().Version);
        var plugin = loaded.Plugin;
        Assert.Equal("gas", plugin.Code);
        Assert.Same(MeasurementUnit.CubicMetre, plugin.Unit);
        // A member added in SDK 1.1.0 answers with its default for a 1.0.0 plugin.
        Assert.Equal(plugin.DisplayName, plugin.Description);
        // One added in SDK 1.3.0: no tariff formula, Billing charges nothing for it and reports it.
        Assert.Null(plugin.Tariffs);

        // Its forecaster takes the median through MathNet.Numerics, which only the plugin's folder has.
        var history = new[] { 10m, 40m, 20m, 30m, 35m }
            .Select((v, i) => new MonthlyConsumption(new DateOnly(2025, 1, 1).AddMonths(i), v)).ToList();
        var forecast = plugin.Forecaster.Forecast(history, 2);
        Assert.Equal([new(new DateOnly(2025, 6, 1), 30m), new(new DateOnly(2025, 7, 1), 30m)], forecast);
        // The real plugins carry a MathNet.Numerics of their own too, each in its own load context.
        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies(),
            a => a.GetName().Name == "MathNet.Numerics" && a.Location.StartsWith(directory.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_plugin_built_against_sdk_1_0_gets_the_default_layout_and_validator_of_sdk_1_2()
    {
        using var directory = new PluginDirectory().WithFixture(PluginDirectory.OldSdkFixture);
        var plugin = Assert.Single(PluginCatalog.Load(directory.Path).Loaded).Plugin;

        // One layout of all its registers, named as the utility type.
        var layout = Assert.Single(plugin.Layouts);
        Assert.Equal("single", layout.Code);
        Assert.Equal(["total"], layout.Registers);
        Assert.Equal(plugin.DisplayName, layout.Name);

        // The shared checks without volume limits: the order of readings, the digits, the rollover.
        var validator = Assert.IsType<MeterValidator>(plugin.Validator);
        Assert.Same(PlausibilityLimits.None, validator.Limits);
        Assert.Same(plugin.Forecaster, validator.Forecaster);
        var previous = new PreviousReading(new DateTime(2025, 1, 1), 12345m);
        ReadingCheck Reading(decimal value, int digits = 0) => new()
        {
            Register = "total", Value = value, TakenAt = new DateTime(2025, 2, 1), Now = new DateTime(2025, 2, 2),
            DigitCapacity = digits, Previous = previous,
        };

        var below = validator.Assess(Reading(12300m));
        Assert.True(below.IsRefused);
        Assert.Equal("below-previous", Assert.Single(below.Findings).Code);
        Assert.Contains("12345", Assert.Single(below.Findings).Message.Russian, StringComparison.Ordinal);
        Assert.True(validator.Assess(Reading(12300m, digits: 5)).IsRefused);
        Assert.Equal(25m, validator.Assess(Reading(15m, digits: 5) with { Previous = previous with { Value = 99990m } }).Consumption);
        // No numbers of its own: a hundred times the usual is no finding, nor is a long zero run.
        MonthlyConsumption[] history = [new(new DateOnly(2024, 10, 1), 0m), new(new DateOnly(2024, 11, 1), 0m), new(new DateOnly(2024, 12, 1), 0m)];
        Assert.True(validator.Assess(Reading(12345m) with { History = history }).IsPlausible);
        Assert.True(validator.Assess(Reading(99999m) with { History = history.Select(h => h with { Volume = 10m }).ToList() }).IsPlausible);
        Assert.Contains("м³", validator.Assess(Reading(15m, digits: 5) with { Previous = previous with { Value = 99990m } }).Findings[0].Message.Russian, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifth_utility_type_added_only_in_a_test_loads_with_its_own_layouts_and_validator()
    {
        using var directory = new PluginDirectory().WithHostPlugins().WithFixture(PluginDirectory.GasFixture);

        var catalog = PluginCatalog.Load(directory.Path);

        Assert.Empty(catalog.Rejected);
        Assert.Equal(["cold-water", "electricity", "gas", "heating", "hot-water"], catalog.Loaded.Select(p => p.Plugin.Code).Order());
        var gas = catalog.Loaded.Single(p => p.Plugin.Code == "gas");
        Assert.Equal("1.5.0", gas.SdkVersion); // built against the current SDK; written for 1.2.0, so no tariff formula
        Assert.Equal("1.2.0", gas.Version);
        var layout = Assert.Single(gas.Plugin.Layouts);
        Assert.Equal(("household", "Household gas meter"), (layout.Code, layout.Name.English));
        Assert.Equal("GasMeterValidator", gas.Plugin.Validator.GetType().Name);

        // What a module does with any utility type, knowing none: every layout's registers, read and assessed.
        foreach (var plugin in catalog.Loaded.Select(p => p.Plugin))
        {
            foreach (var register in plugin.Layouts.SelectMany(l => l.Registers).Distinct())
            {
                var assessment = plugin.Validator.Assess(new ReadingCheck
                {
                    Register = register, Value = 1010m, TakenAt = new DateTime(2025, 2, 1), Now = new DateTime(2025, 2, 1, 12, 0, 0),
                    DigitCapacity = 5, Previous = new PreviousReading(new DateTime(2025, 1, 1), 1000m),
                });
                Assert.True(assessment.IsPlausible, $"{plugin.Code} {register}: {string.Join("; ", assessment.Findings.Select(f => f.Message.English))}");
                Assert.Equal(10m, assessment.Consumption);
            }
        }

        // Its own numbers and its own check.
        var validator = gas.Plugin.Validator;
        var check = new ReadingCheck
        {
            Register = "total", Value = 1620m, TakenAt = new DateTime(2025, 1, 31), Now = new DateTime(2025, 2, 1),
            Previous = new PreviousReading(new DateTime(2025, 1, 1), 1000m),
        };
        var aboveLimit = Assert.Single(validator.Assess(check).Findings);
        Assert.Equal("above-daily-limit", aboveLimit.Code);
        Assert.Contains("20,667 м³", aboveLimit.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("15 m³", aboveLimit.Message.English, StringComparison.Ordinal);
        var finerThanALitre = validator.Assess(check with { Value = 1001.2345m });
        Assert.True(finerThanALitre.IsRefused);
        Assert.Equal("gas-decimals", Assert.Single(finerThanALitre.Findings).Code);
    }

    [Fact]
    public void A_plugin_whose_layouts_name_registers_it_does_not_have_is_rejected()
    {
        var good = new FakePlugin();
        Assert.Null(PluginCatalog.Validate(good));

        Assert.Equal("plugin 'fake' has no register layouts", PluginCatalog.Validate(good with { OwnLayouts = [] }));
        Assert.Equal(
            "plugin 'fake' has register layout 'two-zone' with register 'T2' it does not declare",
            PluginCatalog.Validate(good with { OwnLayouts = [new("two-zone", good.DisplayName, ["T1", "T2"])] }));
        Assert.Equal(
            "plugin 'fake' has register layout 'single' without registers",
            PluginCatalog.Validate(good with { OwnLayouts = [new("single", good.DisplayName, [])] }));
        Assert.Equal(
            "plugin 'fake' has duplicate register layout codes",
            PluginCatalog.Validate(good with { OwnLayouts = [new("single", good.DisplayName, ["T1"]), new("single", good.DisplayName, ["T1"])] }));
        Assert.Equal("plugin 'fake' has no meter validator", PluginCatalog.Validate(good with { OwnValidator = null }));
    }

    private sealed record FakePlugin : IUtilityPlugin
    {
        public string Code => "fake";

        public LocalizedText DisplayName { get; } = new("Фейк", "Fake");

        public MeasurementUnit Unit => MeasurementUnit.KilowattHour;

        public IReadOnlyList<MeterRegister> Registers { get; } = [new("T1", new LocalizedText("T1", "T1"))];

        public IConsumptionForecaster Forecaster { get; } = new SeasonalNaiveForecaster();

        public IReadOnlyList<RegisterLayout>? OwnLayouts { get; init; } = [new("single", new LocalizedText("Один", "Single"), ["T1"])];

        public IMeterValidator? OwnValidator { get; init; } = new MeterValidator(PlausibilityLimits.None, null);

        public IReadOnlyList<RegisterLayout> Layouts => OwnLayouts!;

        public IMeterValidator Validator => OwnValidator!;
    }

    [Fact]
    public void Broken_folders_are_rejected_with_a_reason_and_the_others_load()
    {
        using var directory = new PluginDirectory()
            .WithHostPlugins()
            .WithCorruptAssembly("Utilities.Plugins.Corrupt")
            .WithEmptyFolder("Utilities.Plugins.Empty")
            .WithCopyOf("Utilities.Plugins.Electricity", "Utilities.Plugins.ElectricityCopy")
            .WithTruncatedDepsJson("Utilities.Plugins.Heating", "Utilities.Plugins.HeatingBadDeps");

        var catalog = PluginCatalog.Load(directory.Path);

        Assert.Equal(["cold-water", "electricity", "heating", "hot-water"], catalog.Loaded.Select(p => p.Plugin.Code).Order());
        var rejected = catalog.Rejected.ToDictionary(r => r.Folder, r => r.Reason);
        Assert.Equal(4, rejected.Count);
        Assert.StartsWith("Utilities.Plugins.HeatingBadDeps.dll cannot be loaded", rejected["Utilities.Plugins.HeatingBadDeps"], StringComparison.Ordinal);
        Assert.Contains("Utilities.Plugins.Corrupt.dll cannot be loaded", rejected["Utilities.Plugins.Corrupt"], StringComparison.Ordinal);
        Assert.Contains("no Utilities.Plugins.Empty.dll in the folder", rejected["Utilities.Plugins.Empty"], StringComparison.Ordinal);
        Assert.Equal("code 'electricity' is already taken by plugin Utilities.Plugins.Electricity", rejected["Utilities.Plugins.ElectricityCopy"]);
        Assert.All(rejected.Values, reason => Assert.DoesNotContain('\n', reason));
    }

    [Fact]
    public async Task The_start_report_gives_one_line_per_rejected_folder_naming_it_and_the_reason()
    {
        using var directory = new PluginDirectory().WithHostPlugins().WithCorruptAssembly("Utilities.Plugins.Corrupt");
        var catalog = PluginCatalog.Load(directory.Path);
        var logger = new CollectingLogger<PluginCatalogReport>();

        await new PluginCatalogReport(catalog, logger).StartAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.StartsWith("Plugin Utilities.Plugins.Corrupt not loaded: Utilities.Plugins.Corrupt.dll cannot be loaded", warning.Message, StringComparison.Ordinal);
        var info = Assert.Single(logger.Lines, l => l.Level == LogLevel.Information);
        Assert.Contains("cold-water 0.1.0, electricity 0.1.0, heating 0.1.0, hot-water 0.1.0", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugins_folder_loads_nothing_and_says_so()
    {
        var catalog = PluginCatalog.Load(Path.Combine(Path.GetTempPath(), "no-such-plugins-" + Guid.NewGuid().ToString("N")));
        var logger = new CollectingLogger<PluginCatalogReport>();

        await new PluginCatalogReport(catalog, logger).StartAsync(TestContext.Current.CancellationToken);

        Assert.Empty(catalog.Loaded);
        var line = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("does not exist", line.Message, StringComparison.Ordinal);
    }
}
