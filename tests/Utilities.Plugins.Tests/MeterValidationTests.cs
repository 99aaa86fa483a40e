using System.Globalization;
using Utilities.Host.Plugins;
using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

/// <summary>
/// The plausibility checks of meter readings (domain.md, "Meter readings"), with the numbers of the
/// real plugins as the host's catalog loads them.
/// </summary>
public sealed class MeterValidationTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IUtilityPlugin>> Loaded =
        new(() => PluginCatalog.Load(PluginDirectory.HostPlugins).Loaded.ToDictionary(p => p.Plugin.Code, p => p.Plugin));

    private static IUtilityPlugin Plugin(string code) => Loaded.Value[code];

    private static IMeterValidator Electricity => Plugin("electricity").Validator;

    private static DateTime Day(int year, int month, int day) => new(year, month, day, 10, 0, 0, DateTimeKind.Unspecified);

    private static ReadingCheck Reading(
        decimal value,
        DateTime takenAt,
        PreviousReading? previous = null,
        int digits = 0,
        MeterScope scope = MeterScope.Premises,
        IReadOnlyList<MonthlyConsumption>? history = null,
        string register = "T1") =>
        new()
        {
            Register = register,
            Value = value,
            TakenAt = takenAt,
            Now = takenAt.AddDays(1),
            DigitCapacity = digits,
            Scope = scope,
            Previous = previous,
            History = history ?? [],
        };

    private static ValidationFinding Only(ReadingAssessment assessment, string code, FindingSeverity severity)
    {
        var finding = Assert.Single(assessment.Findings);
        Assert.Equal(code, finding.Code);
        Assert.Equal(severity, finding.Severity);
        return finding;
    }

    /// <summary>Both texts are there, in their language, and name every number (given invariant: "2.833", the Russian text has "2,833").</summary>
    private static void AssertSays(ValidationFinding finding, params string[] numbers)
    {
        Assert.Matches("[А-Яа-яЁё]", finding.Message.Russian);
        Assert.DoesNotMatch("[А-Яа-яЁё]", finding.Message.English);
        foreach (var number in numbers)
        {
            Assert.Contains(number.Replace('.', ','), finding.Message.Russian, StringComparison.Ordinal);
            Assert.Contains(number, finding.Message.English, StringComparison.Ordinal);
        }

        Assert.Equal(finding.Message.English, finding.Message.In(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal(finding.Message.Russian, finding.Message.In(CultureInfo.GetCultureInfo("ru-RU")));
    }

    [Fact]
    public void Rollover_by_digit_capacity_a_5_digit_counter_from_99990_to_00015_counts_25()
    {
        var assessment = Electricity.Assess(Reading(15m, Day(2025, 2, 1), new PreviousReading(Day(2025, 1, 1), 99990m), digits: 5));

        Assert.Equal(25m, assessment.Consumption);
        Assert.False(assessment.IsRefused);
        Assert.True(assessment.IsPlausible);
        var finding = Only(assessment, "rollover", FindingSeverity.Info);
        AssertSays(finding, "99990", "15", "25", "5");
        Assert.Contains("25 кВт·ч", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("25 kWh", finding.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollover_by_digit_capacity_keeps_the_decimals_of_a_water_counter()
    {
        var assessment = Plugin("cold-water").Validator.Assess(
            Reading(0.4m, Day(2025, 2, 1), new PreviousReading(Day(2025, 1, 1), 99999.9m), digits: 5, register: "total"));

        Assert.Equal(0.5m, assessment.Consumption);
        AssertSays(Only(assessment, "rollover", FindingSeverity.Info), "99999.9", "0.4", "0.5");
    }

    [Fact]
    public void Below_the_previous_reading_without_a_rollover_is_refused()
    {
        var previous = new PreviousReading(Day(2025, 1, 1), 12345m);

        // 12345 -> 12300 on a 5-digit counter would be a rollover of 99955: a misread, not a counter run round.
        foreach (var validator in new[] { Electricity, new MeterValidator(PlausibilityLimits.None, null) })
        {
            var assessment = validator.Assess(Reading(12300m, Day(2025, 2, 1), previous, digits: 5));

            Assert.True(assessment.IsRefused);
            Assert.Null(assessment.Consumption);
            AssertSays(Only(assessment, "below-previous", FindingSeverity.Error), "12300", "12345");
        }

        // Without a known digit capacity there is no rollover at all.
        var unknownDigits = Electricity.Assess(Reading(12344m, Day(2025, 2, 1), previous));
        Only(unknownDigits, "below-previous", FindingSeverity.Error);
    }

    [Fact]
    public void Rollover_beyond_the_plausible_daily_volume_is_refused_for_a_flat_and_accepted_for_a_building()
    {
        // 95000 -> 00100 is 5100 kWh in 31 days: 164.5 kWh a day, over the flat's 100, far under the building's 20 000.
        var previous = new PreviousReading(Day(2025, 1, 1), 95000m);

        var flat = Electricity.Assess(Reading(100m, Day(2025, 2, 1), previous, digits: 5));
        var building = Electricity.Assess(Reading(100m, Day(2025, 2, 1), previous, digits: 5, scope: MeterScope.Building));

        Only(flat, "below-previous", FindingSeverity.Error);
        Assert.Null(flat.Consumption);
        Assert.Equal(5100m, building.Consumption);
        Only(building, "rollover", FindingSeverity.Info);
    }

    [Fact]
    public void More_digits_than_the_counter_has_are_refused()
    {
        var assessment = Electricity.Assess(Reading(123456m, Day(2025, 2, 1), new PreviousReading(Day(2025, 1, 1), 12345m), digits: 5));

        Assert.True(assessment.IsRefused);
        Assert.Null(assessment.Consumption);
        AssertSays(Only(assessment, "too-many-digits", FindingSeverity.Error), "123456", "(5)");
        Assert.False(Electricity.Assess(Reading(99999.99m, Day(2025, 2, 1), digits: 5)).IsRefused);
    }

    [Fact]
    public void A_reading_dated_in_the_future_is_refused()
    {
        var check = Reading(1200m, Day(2025, 3, 11), new PreviousReading(Day(2025, 2, 1), 1000m)) with { Now = Day(2025, 3, 10) };

        var assessment = Electricity.Assess(check);

        Assert.True(assessment.IsRefused);
        Assert.Null(assessment.Consumption);
        var finding = Only(assessment, "future", FindingSeverity.Error);
        Assert.Contains("11.03.2025", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("2025-03-11", finding.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reading_dated_before_the_previous_one_is_refused()
    {
        var assessment = Electricity.Assess(Reading(1200m, Day(2025, 2, 20), new PreviousReading(Day(2025, 3, 1), 1000m)));

        Assert.True(assessment.IsRefused);
        Assert.Null(assessment.Consumption);
        var finding = Only(assessment, "before-previous", FindingSeverity.Error);
        Assert.Contains("01.03.2025", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("2025-03-01", finding.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_reading_is_refused()
    {
        var assessment = Electricity.Assess(Reading(-1m, Day(2025, 2, 1), new PreviousReading(Day(2025, 1, 1), 10m)));

        AssertSays(Only(assessment, "negative", FindingSeverity.Error));
        Assert.Null(assessment.Consumption);
    }

    [Fact]
    public void Spike_against_history_on_real_water_register_readings()
    {
        // AMPds2 house water meter: 11 months of history, May 2012 to March 2013, 22.14 m³ a month on
        // average, the latest three 25.13, 24.393 and 28.895 (no April a year before: the water model's
        // forecast is the mean daily rate of the latest two months, 0.871 and 0.932, so 0.902 a day).
        var readings = RegisterSeries.Readings("ampds_house1_water");
        var history = RegisterSeries.Monthly("ampds_house1_water");
        Assert.Equal(11, history.Count);
        Assert.Equal(28.895m, history[^1].Volume);
        var previous = readings[^1];
        Assert.Equal(new PreviousReading(new DateTime(2013, 4, 1), 300.613m), previous);
        var validator = Plugin("cold-water").Validator;

        var usual = validator.Assess(Reading(326.613m, new DateTime(2013, 5, 1), previous, history: history, register: "total"));
        // 85 m³ in April: 2.833 a day against the usual 0.902, over 3 times; still under the flat's 3 m³ a day.
        var spike = validator.Assess(Reading(385.613m, new DateTime(2013, 5, 1), previous, history: history, register: "total"));

        Assert.Equal(26m, usual.Consumption);
        Assert.True(usual.IsPlausible);
        Assert.Equal(85m, spike.Consumption);
        Assert.False(spike.IsRefused);
        var finding = Only(spike, "spike", FindingSeverity.Warning);
        AssertSays(finding, "2.833", "0.902", "3");
        Assert.Contains("в 3 раза", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("м³", finding.Message.Russian, StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_far_outside_the_forecast_interval_is_flagged_for_review_below_the_spike_factor()
    {
        // Two years of a flat's 280–320 kWh a month; May forecast about 300 with a narrow interval.
        var history = Enumerable.Range(0, 24)
            .Select(i => new MonthlyConsumption(new DateOnly(2023, 5, 1).AddMonths(i), 300m + (i % 5 * 10m) - 20m)).ToList();
        var previous = new PreviousReading(Day(2025, 5, 1), 10_000m);

        var usual = Electricity.Assess(Reading(10_310m, Day(2025, 6, 1), previous, history: history));
        var far = Electricity.Assess(Reading(10_700m, Day(2025, 6, 1), previous, history: history));

        Assert.True(usual.IsPlausible);
        Assert.Equal(700m, far.Consumption);
        var finding = Only(far, "outside-forecast", FindingSeverity.Warning);
        AssertSays(finding, "700");
        Assert.Contains("кВт·ч", finding.Message.Russian, StringComparison.Ordinal);
    }

    [Fact]
    public void Spike_is_not_judged_below_the_minimum_volume_or_with_too_little_history()
    {
        var previous = new PreviousReading(Day(2025, 4, 1), 1000m);
        MonthlyConsumption[] small = [new(new DateOnly(2025, 1, 1), 5m), new(new DateOnly(2025, 2, 1), 5m), new(new DateOnly(2025, 3, 1), 5m)];
        MonthlyConsumption[] usual = [new(new DateOnly(2025, 1, 1), 100m), new(new DateOnly(2025, 2, 1), 100m), new(new DateOnly(2025, 3, 1), 100m)];

        // A vacant flat's 5 kWh a month becoming 60: twelve times as much, yet under electricity's 150 kWh.
        Assert.True(Electricity.Assess(Reading(1060m, Day(2025, 5, 1), previous, history: small)).IsPlausible);
        Assert.True(Electricity.Assess(Reading(1400m, Day(2025, 5, 1), previous, history: usual[1..])).IsPlausible);
        Only(Electricity.Assess(Reading(1400m, Day(2025, 5, 1), previous, history: usual)), "spike", FindingSeverity.Warning);
    }

    [Fact]
    public void Zero_run_of_three_months_on_a_real_register_warns_for_water_and_not_for_summer_heating()
    {
        // AMPds2 furnace gas register: 295.279 from May to October 2012, the furnace idle all summer.
        var readings = RegisterSeries.Readings("ampds_house1_furnacegas");
        var history = RegisterSeries.Monthly("ampds_house1_furnacegas").Where(m => m.Month < new DateOnly(2012, 8, 1)).ToList();
        Assert.Equal([0m, 0m, 0m], history.Select(m => m.Volume));
        var september = readings.Single(r => r.TakenAt == new DateTime(2012, 9, 1));
        var previous = readings.Single(r => r.TakenAt == new DateTime(2012, 8, 1));
        var check = Reading(september.Value, september.TakenAt, previous, history: history, register: "total");

        var water = Plugin("cold-water").Validator.Assess(check);
        var heatingFlat = Plugin("heating").Validator.Assess(check);
        var heatingBuilding = Plugin("heating").Validator.Assess(check with { Scope = MeterScope.Building });

        Assert.Equal(0m, water.Consumption);
        AssertSays(Only(water, "zero-run", FindingSeverity.Warning), "3");
        Assert.True(heatingFlat.IsPlausible);
        Assert.True(heatingBuilding.IsPlausible);
        Assert.True(Plugin("cold-water").Validator.Assess(check with { History = history[1..] }).IsPlausible);
    }

    [Fact]
    public void Zero_heat_in_the_heating_season_warns_for_a_building_meter_only()
    {
        var check = Reading(5000m, Day(2025, 2, 1), new PreviousReading(Day(2025, 1, 1), 5000m), register: "total");
        var heating = Plugin("heating").Validator;

        var flat = heating.Assess(check);
        var building = heating.Assess(check with { Scope = MeterScope.Building });

        Assert.True(flat.IsPlausible);
        Assert.Equal(0m, building.Consumption);
        var finding = Only(building, "zero-in-heating-season", FindingSeverity.Warning);
        AssertSays(finding, "2025");
        Assert.Contains("01.01.2025", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("январь", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains("2025-01-01", finding.Message.English, StringComparison.Ordinal);
        Assert.Contains("January", finding.Message.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("electricity", "100", "20000", "T1")]
    [InlineData("cold-water", "3", "500", "total")]
    [InlineData("hot-water", "2", "300", "total")]
    [InlineData("heating", "1", "60", "total")]
    public void Above_the_daily_limit_warns_with_a_flat_limit_far_below_the_building_one(string code, string premises, string building, string register)
    {
        var validator = Plugin(code).Validator;
        var unit = Plugin(code).Unit.Symbol;
        var premisesLimit = decimal.Parse(premises, CultureInfo.InvariantCulture);
        var buildingLimit = decimal.Parse(building, CultureInfo.InvariantCulture);
        var previous = new PreviousReading(Day(2025, 1, 1), 1000m);
        // 30 days at 1.1 times the flat's limit, then at 1.1 times the building's.
        ReadingCheck Over(decimal limit, MeterScope scope) => Reading(1000m + (limit * 1.1m * 30), Day(2025, 1, 31), previous, scope: scope, register: register);

        var flat = validator.Assess(Over(premisesLimit, MeterScope.Premises));
        var sameOnBuilding = validator.Assess(Over(premisesLimit, MeterScope.Building));
        var overBuilding = validator.Assess(Over(buildingLimit, MeterScope.Building));

        Assert.Equal(premisesLimit * 1.1m * 30, flat.Consumption);
        var finding = Only(flat, "above-daily-limit", FindingSeverity.Warning);
        AssertSays(finding, (premisesLimit * 1.1m).ToString("0.###", CultureInfo.InvariantCulture), premises);
        Assert.Contains($"{premises} {unit.Russian}", finding.Message.Russian, StringComparison.Ordinal);
        Assert.Contains($"{premises} {unit.English}", finding.Message.English, StringComparison.Ordinal);
        Assert.DoesNotContain(sameOnBuilding.Findings, f => f.Code == "above-daily-limit");
        AssertSays(Only(overBuilding, "above-daily-limit", FindingSeverity.Warning), (buildingLimit * 1.1m).ToString("0.###", CultureInfo.InvariantCulture), building);
        Assert.True(buildingLimit >= premisesLimit * 50);
    }

    [Fact]
    public void Electricity_meters_are_single_rate_two_zone_or_three_zone_and_water_and_heat_meters_single()
    {
        var electricity = Plugin("electricity").Layouts;

        Assert.Equal(["single", "two-zone", "three-zone"], electricity.Select(l => l.Code));
        Assert.Equal<string[]>([["T1"], ["T1", "T2"], ["T1", "T2", "T3"]], electricity.Select(l => l.Registers.ToArray()));
        Assert.Equal("Двухзонный (день, ночь)", electricity[1].Name.Russian);
        Assert.Equal("Three-zone (peak, night, semi-peak)", electricity[2].Name.English);
        foreach (var code in new[] { "cold-water", "hot-water", "heating" })
        {
            var layout = Assert.Single(Plugin(code).Layouts);
            Assert.Equal("single", layout.Code);
            Assert.Equal(["total"], layout.Registers);
        }

        foreach (var plugin in Loaded.Value.Values)
        {
            Assert.All(plugin.Layouts, l => Assert.Subset(plugin.Registers.Select(r => r.Code).ToHashSet(), l.Registers.ToHashSet()));
            Assert.Same(plugin.Validator, plugin.Validator);
        }
    }
}
