using Utilities.Host.Plugins;
using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

/// <summary>
/// The tariff formulas of the four real plugins as the host's catalog loads them (domain.md,
/// "Tariffs", "When there is no reading"). Every expected number is worked out by hand in the test.
/// </summary>
public sealed class TariffFormulaTests
{
    /// <summary>The Russian group separator of explanations (a no-break space).</summary>
    private const string Nb = "\u00A0";

    private static readonly DateOnly October = new(2026, 10, 1);

    private static readonly Lazy<IReadOnlyDictionary<string, IUtilityPlugin>> Loaded =
        new(() => PluginCatalog.Load(PluginDirectory.HostPlugins).Loaded.ToDictionary(p => p.Plugin.Code, p => p.Plugin));

    private static ITariffFormula Electricity => Tariffs("electricity");

    private static ITariffFormula ColdWater => Tariffs("cold-water");

    private static ITariffFormula HotWater => Tariffs("hot-water");

    private static ITariffFormula Heating => Tariffs("heating");

    private static ITariffFormula Tariffs(string code) => Loaded.Value[code].Tariffs!;

    private static PremisesFacts Flat(int residents = 2, int rooms = 2, string stove = "gas", decimal area = 54.2m, decimal buildingArea = 3200m) =>
        new(area, residents, rooms, stove, buildingArea, BuildingHasMeter: false);

    private static PriceSegment Segment(DateOnly from, DateOnly to, params (string Component, decimal Price)[] prices) =>
        new(from, to, prices.ToDictionary(p => p.Component, p => p.Price));

    /// <summary>A whole month with one price segment.</summary>
    private static ChargeRequest Month(string shape, DateOnly period, IReadOnlyList<RegisterVolume> volumes, params (string, decimal)[] prices) =>
        new()
        {
            Period = period,
            From = period,
            To = period.AddMonths(1).AddDays(-1),
            Shape = shape,
            Prices = [Segment(period, period.AddMonths(1).AddDays(-1), prices)],
            Volumes = volumes,
            Premises = Flat(),
        };

    private static RegisterVolume Measured(string register, decimal volume, int months = 1) => new(register, volume, VolumeBasis.Measured, months);

    private static ChargeLine Line(ChargeResult result, string component) => result.Lines.Single(l => l.Component == component);

    private static IReadOnlyList<ChargeLine> Charged(ChargeResult result)
    {
        Assert.Null(result.Problem);
        return result.Lines;
    }

    [Fact]
    public void Each_plugin_offers_the_shapes_and_component_codes_billing_seeds_tariffs_by()
    {
        string Describe(ITariffFormula formula) =>
            string.Join(" ", formula.Shapes.Select(s => $"{s.Code}[{string.Join(",", s.Components.Select(c => c.Code))}]"));

        Assert.Equal("single[T] two-zone[T1,T2] three-zone[T1,T2,T3] ranges[R1,R2,R3]", Describe(Electricity));
        Assert.Equal("volume[T]", Describe(ColdWater));
        Assert.Equal("two-component[cold,heat]", Describe(HotWater));
        Assert.Equal("heat[heat]", Describe(Heating));
        Assert.Equal(["kWh", "m3", "Gcal"], new[] { Electricity, ColdWater, Heating }.Select(f => f.Shapes[0].Components[0].Unit));
        Assert.Equal(["m3", "Gcal"], HotWater.Shapes[0].Components.Select(c => c.Unit));
    }

    [Theory]
    [InlineData("T1,T2,T3", "single,two-zone,three-zone,ranges", "three-zone")]
    [InlineData("T1,T2,T3", "two-zone,ranges", "ranges")] // a three-zone meter is not priced on two zones
    [InlineData("T1,T2,T3", "two-zone,single", "single")]
    [InlineData("T1,T2", "single,two-zone,three-zone,ranges", "two-zone")]
    [InlineData("T1,T2", "three-zone,single", "single")] // a zone meter without its zone tariff sums its registers
    [InlineData("T1", "two-zone,ranges,single", "ranges")] // volume ranges come before single-rate
    [InlineData("T1", "single", "single")]
    [InlineData("", "ranges,single", "ranges")] // no meter: charged by the norm through the ranges
    [InlineData("T1", "two-zone,three-zone", null)]
    public void Electricity_shape_follows_the_meter_registers_and_the_tariffs_in_force(string registers, string inForce, string? expected)
    {
        var metered = registers.Split(',', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, Electricity.ChooseShape(metered, inForce.Split(',').ToHashSet()));
    }

    [Fact]
    public void Water_and_heat_have_one_shape_each_chosen_when_in_force()
    {
        Assert.Equal("volume", ColdWater.ChooseShape(["total"], new HashSet<string> { "volume" }));
        Assert.Equal("two-component", HotWater.ChooseShape([], new HashSet<string> { "two-component" }));
        Assert.Equal("heat", Heating.ChooseShape([], new HashSet<string> { "heat" }));
        Assert.Null(ColdWater.ChooseShape(["total"], new HashSet<string>()));
        Assert.Null(HotWater.ChooseShape(["total"], new HashSet<string> { "volume" }));
    }

    [Fact]
    public void Norm_keys_are_rooms_up_to_4_residents_up_to_5_and_stove_for_electricity_per_resident_for_water_per_m2_for_heat()
    {
        Assert.Equal("rooms=2;residents=3;stove=gas", Electricity.NormKey(Flat(residents: 3, rooms: 2, stove: "gas")));
        Assert.Equal("rooms=4;residents=5;stove=electric", Electricity.NormKey(Flat(residents: 7, rooms: 6, stove: "electric")));
        Assert.Equal("rooms=1;residents=1;stove=gas", Electricity.NormKey(Flat(residents: 1, rooms: 0))); // a studio reads the 1-room row
        Assert.Equal("per-resident", ColdWater.NormKey(Flat()));
        Assert.Equal("per-resident", HotWater.NormKey(Flat()));
        Assert.Equal("per-m2", Heating.NormKey(Flat()));
    }

    [Fact]
    public void Single_rate_prices_152_kWh_at_6_43_as_977_36()
    {
        var result = Electricity.Compute(Month("single", October, [Measured("T1", 152m)], ("T", 6.43m)));

        var line = Assert.Single(Charged(result));
        // 152 × 6.43 = 977.36
        Assert.Equal(("T", "T1", VolumeBasis.Measured, 152m, "kWh", 6.43m, 977.36m), (line.Component, line.Register, line.Basis, line.Volume, line.Unit, line.Price, line.Amount));
        Assert.Equal((October, new DateOnly(2026, 10, 31)), (line.From, line.To));
        Assert.Equal("152 кВт·ч × 6,43 ₽", line.Explanation.Russian);
        Assert.Equal("152 kWh × 6.43 ₽", line.Explanation.English);
    }

    [Fact]
    public void Two_zone_prices_each_zone_at_its_own_price_and_rounds_kopecks_half_away_from_zero()
    {
        var result = Electricity.Compute(Month("two-zone", October, [Measured("T1", 120m), Measured("T2", 14.5m)], ("T1", 6.43m), ("T2", 3.21m)));

        Assert.Equal(2, Charged(result).Count);
        Assert.Equal(771.60m, Line(result, "T1").Amount); // 120 × 6.43 = 771.60
        Assert.Equal(46.55m, Line(result, "T2").Amount); // 14.5 × 3.21 = 46.545 → 46.55 (to even would give 46.54)
        Assert.Equal("T2", Line(result, "T2").Register);
        Assert.Equal("14,5 кВт·ч × 3,21 ₽ (T2)", Line(result, "T2").Explanation.Russian);
        Assert.Equal("14.5 kWh × 3.21 ₽ (T2)", Line(result, "T2").Explanation.English);
    }

    [Fact]
    public void Three_zone_prices_peak_night_and_semi_peak_each_at_its_own_price()
    {
        var result = Electricity.Compute(Month(
            "three-zone", October, [Measured("T1", 80m), Measured("T2", 50m), Measured("T3", 40.25m)], ("T1", 7.10m), ("T2", 3.05m), ("T3", 5.60m)));

        Assert.Equal(568.00m, Line(result, "T1").Amount); // 80 × 7.10
        Assert.Equal(152.50m, Line(result, "T2").Amount); // 50 × 3.05
        Assert.Equal(225.40m, Line(result, "T3").Amount); // 40.25 × 5.60
        Assert.Equal(3, Charged(result).Count);
    }

    [Fact]
    public void Volume_ranges_charge_7000_kWh_as_3900_at_R1_2100_at_R2_and_1000_at_R3()
    {
        var result = Electricity.Compute(Month("ranges", October, [Measured("T1", 7000m)], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)));

        Assert.Equal(3, Charged(result).Count);
        Assert.Equal((3900m, 19500.00m), (Line(result, "R1").Volume, Line(result, "R1").Amount)); // 3,900 × 5.00
        Assert.Equal((2100m, 13650.00m), (Line(result, "R2").Volume, Line(result, "R2").Amount)); // (6,000 − 3,900) × 6.50
        Assert.Equal((1000m, 9000.00m), (Line(result, "R3").Volume, Line(result, "R3").Amount)); // (7,000 − 6,000) × 9.00
        Assert.Equal($"3{Nb}900 кВт·ч × 5,00 ₽ (R1, до 3{Nb}900 кВт·ч)", Line(result, "R1").Explanation.Russian);
        Assert.Equal("2,100 kWh × 6.50 ₽ (R2, 3,900 kWh–6,000 kWh)", Line(result, "R2").Explanation.English);
        Assert.Equal($"1{Nb}000 кВт·ч × 9,00 ₽ (R3, свыше 6{Nb}000 кВт·ч)", Line(result, "R3").Explanation.Russian);
    }

    [Fact]
    public void Volume_ranges_below_3900_kWh_give_one_R1_line()
    {
        var result = Electricity.Compute(Month("ranges", October, [Measured("T1", 250m)], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)));

        var line = Assert.Single(Charged(result));
        Assert.Equal(("R1", 250m, 1250.00m), (line.Component, line.Volume, line.Amount)); // 250 × 5.00
    }

    [Fact]
    public void Volume_ranges_of_a_volume_over_two_months_double_the_limits_9000_kWh_is_7800_at_R1_and_1200_at_R2()
    {
        var result = Electricity.Compute(Month("ranges", October, [Measured("T1", 9000m, months: 2)], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)));

        // limits 2 × 3,900 = 7,800 and 2 × 6,000 = 12,000: 7,800 × 5.00 = 39,000; 1,200 × 6.50 = 7,800; nothing above 12,000
        Assert.Equal(2, Charged(result).Count);
        Assert.Equal((7800m, 39000.00m), (Line(result, "R1").Volume, Line(result, "R1").Amount));
        Assert.Equal((1200m, 7800.00m), (Line(result, "R2").Volume, Line(result, "R2").Amount));
    }

    [Fact]
    public void Volume_range_limits_come_from_the_regional_rules_3000_and_5000_put_4000_kWh_as_3000_at_R1_and_1000_at_R2()
    {
        var request = Month("ranges", October, [Measured("T1", 4000m)], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)) with
        {
            Rules = new Dictionary<string, decimal> { [ChargeRules.ElectricityRange1Limit] = 3000m, [ChargeRules.ElectricityRange2Limit] = 5000m },
        };

        var result = Electricity.Compute(request);

        Assert.Equal(2, Charged(result).Count);
        Assert.Equal(3000m, Line(result, "R1").Volume);
        Assert.Equal(1000m, Line(result, "R2").Volume);
    }

    [Fact]
    public void A_zone_meter_on_volume_ranges_sums_its_registers_3000_plus_1500_is_3900_at_R1_and_600_at_R2()
    {
        var result = Electricity.Compute(Month("ranges", October, [Measured("T1", 3000m), Measured("T2", 1500m)], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)));

        Assert.Equal((3900m, 19500.00m), (Line(result, "R1").Volume, Line(result, "R1").Amount)); // 3,900 × 5.00
        Assert.Equal((600m, 3900.00m), (Line(result, "R2").Volume, Line(result, "R2").Amount)); // 4,500 − 3,900 = 600; × 6.50
        Assert.All(result.Lines, l => Assert.Null(l.Register));
    }

    [Fact]
    public void A_zone_meter_on_single_rate_sums_its_registers_and_shows_the_sum()
    {
        var result = Electricity.Compute(Month("single", October, [Measured("T1", 100m), Measured("T2", 52m)], ("T", 6.43m)));

        var line = Assert.Single(Charged(result));
        Assert.Equal((152m, 977.36m), (line.Volume, line.Amount)); // (100 + 52) × 6.43
        Assert.Equal("(100 + 52) кВт·ч × 6,43 ₽ (T1 + T2)", line.Explanation.Russian);
    }

    [Fact]
    public void Cold_water_prices_7_25_m3_at_48_37_as_350_68()
    {
        var result = ColdWater.Compute(Month("volume", October, [Measured("total", 7.25m)], ("T", 48.37m)));

        var line = Assert.Single(Charged(result));
        // 7.25 × 48.37 = 350.6825 → 350.68
        Assert.Equal(("T", "total", "m3", 350.68m), (line.Component, line.Register, line.Unit, line.Amount));
        Assert.Equal("7,25 м³ × 48,37 ₽", line.Explanation.Russian);
        Assert.Equal("7.25 m³ × 48.37 ₽", line.Explanation.English);
    }

    [Fact]
    public void Hot_water_two_component_3_5_m3_is_3_5_x_52_10_plus_3_5_x_0_05156_Gcal_x_3011_25()
    {
        var request = Month("two-component", October, [Measured("total", 3.5m)], ("cold", 52.10m), ("heat", 3011.25m)) with
        {
            Rules = new Dictionary<string, decimal> { [ChargeRules.HotWaterHeatNorm] = 0.05156m },
        };

        var result = HotWater.Compute(request);

        Assert.Equal(["cold", "heat"], Charged(result).Select(l => l.Component));
        var cold = Line(result, "cold");
        var heat = Line(result, "heat");
        // 3.5 × 52.10 = 182.35
        Assert.Equal((3.5m, "m3", 52.10m, 182.35m), (cold.Volume, cold.Unit, cold.Price, cold.Amount));
        // 3.5 × 0.05156 = 0.18046 Gcal; 0.18046 × 3,011.25 = 542.025 + 1.385175 = 543.410175 → 543.41
        Assert.Equal((0.18046m, "Gcal", 3011.25m, 543.41m), (heat.Volume, heat.Unit, heat.Price, heat.Amount));
        Assert.Equal(725.76m, cold.Amount + heat.Amount); // 182.35 + 543.41
        Assert.Equal("3,5 м³ × 52,10 ₽ (холодная вода)", cold.Explanation.Russian);
        Assert.Equal($"3,5 м³ × 0,05156 Гкал/м³ × 3{Nb}011,25 ₽ (тепловая энергия)", heat.Explanation.Russian);
        Assert.Equal("3.5 m³ × 0.05156 Gcal/m³ × 3,011.25 ₽ (heat)", heat.Explanation.English);
    }

    [Fact]
    public void Hot_water_without_the_heat_norm_rule_is_a_problem_not_a_guess()
    {
        var result = HotWater.Compute(Month("two-component", October, [Measured("total", 3.5m)], ("cold", 52.10m), ("heat", 3011.25m)));

        Assert.Empty(result.Lines);
        Assert.Contains("норматив тепла", result.Problem!.Russian, StringComparison.Ordinal);
        Assert.Contains("heat norm", result.Problem.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Heating_formula_2_is_area_54_2_m2_x_norm_0_0208_Gcal_x_2500_in_the_heating_season()
    {
        var request = Month("heat", October, [], ("heat", 2500m)) with { Norm = 0.0208m };

        var line = Assert.Single(Charged(Heating.Compute(request)));

        // 54.2 × 0.0208 = 1.12736 Gcal; × 2,500 = 2,818.40
        Assert.Equal(("heat", null, VolumeBasis.Norm, 1.12736m, 2818.40m), (line.Component, line.Register, line.Basis, line.Volume, line.Amount));
        Assert.Equal($"54,2 м² × 0,0208 Гкал/м² × 2{Nb}500,00 ₽ (норматив, формула 2)", line.Explanation.Russian);
        Assert.Equal("54.2 m² × 0.0208 Gcal/m² × 2,500.00 ₽ (norm, formula 2)", line.Explanation.English);
    }

    [Fact]
    public void Heating_formula_2_charges_nothing_outside_the_season_October_to_April_by_default()
    {
        var july = Heating.Compute(Month("heat", new DateOnly(2026, 7, 1), [], ("heat", 2500m)) with { Norm = 0.0208m });
        var april = Heating.Compute(Month("heat", new DateOnly(2026, 4, 1), [], ("heat", 2500m)) with { Norm = 0.0208m });
        var may = Heating.Compute(Month("heat", new DateOnly(2026, 5, 1), [], ("heat", 2500m)) with { Norm = 0.0208m });

        Assert.Empty(Charged(july));
        Assert.Empty(Charged(may));
        Assert.Single(Charged(april)); // the season wraps the year: October..April
    }

    [Fact]
    public void Heating_season_months_come_from_the_regional_rules()
    {
        var rules = new Dictionary<string, decimal> { [ChargeRules.HeatingSeasonStart] = 9m, [ChargeRules.HeatingSeasonEnd] = 5m };

        var may = Heating.Compute(Month("heat", new DateOnly(2026, 5, 1), [], ("heat", 2500m)) with { Norm = 0.0208m, Rules = rules });
        var june = Heating.Compute(Month("heat", new DateOnly(2026, 6, 1), [], ("heat", 2500m)) with { Norm = 0.0208m, Rules = rules });

        Assert.Single(Charged(may));
        Assert.Empty(Charged(june));
    }

    [Fact]
    public void Heating_evenly_charges_formula_2_every_month_at_norm_x_7_season_months_of_12()
    {
        var rules = new Dictionary<string, decimal> { [ChargeRules.HeatingEvenly] = 1m };

        var july = Assert.Single(Charged(Heating.Compute(Month("heat", new DateOnly(2026, 7, 1), [], ("heat", 2500m)) with { Norm = 0.0208m, Rules = rules })));
        var january = Assert.Single(Charged(Heating.Compute(Month("heat", new DateOnly(2026, 1, 1), [], ("heat", 2500m)) with { Norm = 0.0208m, Rules = rules })));

        // October..April = 7 months; 54.2 × 0.0208 × 7 / 12 = 7.89152 / 12 = 0.65762666… → 0.657627 Gcal; × 2,500 = 1,644.0675 → 1,644.07
        Assert.Equal((0.657627m, 1644.07m), (july.Volume, july.Amount));
        Assert.Equal((0.657627m, 1644.07m), (january.Volume, january.Amount));
        Assert.Equal($"54,2 м² × 0,0208 Гкал/м² × 7/12 × 2{Nb}500,00 ₽ (норматив, формула 2, равномерно: 7 мес. отопления из 12)", july.Explanation.Russian);
    }

    [Fact]
    public void Heating_formula_3_is_building_120_Gcal_x_54_2_m2_of_3200_m2_x_2500()
    {
        var request = Month("heat", October, [], ("heat", 2500m)) with { BuildingVolume = 120m, Norm = 0.0208m };

        var line = Assert.Single(Charged(Heating.Compute(request)));

        // 120 × 54.2 / 3,200 = 6,504 / 3,200 = 2.0325 Gcal; × 2,500 = 5,081.25
        Assert.Equal((VolumeBasis.BuildingMeter, 2.0325m, 5081.25m), (line.Basis, line.Volume, line.Amount));
        Assert.Equal($"120 Гкал дома × 54,2 м² / 3{Nb}200 м² × 2{Nb}500,00 ₽ (общедомовой счётчик, формула 3)", line.Explanation.Russian);
        Assert.Equal("120 Gcal of the building × 54.2 m² / 3,200 m² × 2,500.00 ₽ (building meter, formula 3)", line.Explanation.English);
    }

    [Fact]
    public void Heating_formula_3_follows_the_building_meter_in_any_month()
    {
        var request = Month("heat", new DateOnly(2026, 7, 1), [], ("heat", 2500m)) with { BuildingVolume = 8m };

        var line = Assert.Single(Charged(Heating.Compute(request)));

        // 8 × 54.2 / 3,200 = 433.6 / 3,200 = 0.1355 Gcal; × 2,500 = 338.75
        Assert.Equal((0.1355m, 338.75m), (line.Volume, line.Amount));
    }

    [Fact]
    public void A_flat_heat_meter_is_priced_as_measured()
    {
        var line = Assert.Single(Charged(Heating.Compute(Month("heat", October, [Measured("total", 1.4m)], ("heat", 2500m)))));

        Assert.Equal((VolumeBasis.Measured, "total", 3500.00m), (line.Basis, line.Register, line.Amount)); // 1.4 × 2,500
    }

    [Fact]
    public void Norm_with_raising_coefficient_1_5_is_2_residents_x_60_kWh_x_1_5_x_6_12()
    {
        var request = Month("single", October, [], ("T", 6.12m)) with { Norm = 60m, NormCoefficient = 1.5m };

        var line = Assert.Single(Charged(Electricity.Compute(request)));

        // 2 × 60 × 1.5 = 180 kWh; × 6.12 = 1,101.60
        Assert.Equal(("T", null, VolumeBasis.Norm, 180m, 1101.60m), (line.Component, line.Register, line.Basis, line.Volume, line.Amount));
        Assert.Equal("2 чел. × 60 кВт·ч × 1,5 × 6,12 ₽ (норматив, повышающий коэффициент 1,5)", line.Explanation.Russian);
        Assert.Equal("2 pers. × 60 kWh × 1.5 × 6.12 ₽ (norm, raising coefficient 1.5)", line.Explanation.English);
    }

    [Fact]
    public void Norm_without_coefficient_is_3_residents_x_6_935_m3_x_48_37_for_cold_water()
    {
        var request = Month("volume", October, [], ("T", 48.37m)) with { Norm = 6.935m, Premises = Flat(residents: 3) };

        var line = Assert.Single(Charged(ColdWater.Compute(request)));

        // 3 × 6.935 = 20.805 m³; × 48.37 = 1,006.33785 → 1,006.34
        Assert.Equal((20.805m, 1006.34m), (line.Volume, line.Amount));
        Assert.Equal("3 чел. × 6,935 м³ × 48,37 ₽ (норматив)", line.Explanation.Russian);
    }

    [Fact]
    public void Norm_on_a_zone_tariff_is_priced_at_T1()
    {
        var request = Month("two-zone", October, [], ("T1", 6.43m), ("T2", 3.21m)) with { Norm = 75m, Premises = Flat(residents: 1) };

        var line = Assert.Single(Charged(Electricity.Compute(request)));

        Assert.Equal(("T1", 75m, 482.25m), (line.Component, line.Volume, line.Amount)); // 1 × 75 × 6.43
    }

    [Fact]
    public void Norm_on_volume_ranges_goes_through_the_ranges()
    {
        var request = Month("ranges", October, [], ("R1", 5.00m), ("R2", 6.50m), ("R3", 9.00m)) with { Norm = 100m };

        var line = Assert.Single(Charged(Electricity.Compute(request)));

        Assert.Equal(("R1", 200m, 1000.00m), (line.Component, line.Volume, line.Amount)); // 2 × 100 = 200 kWh, below 3,900; × 5.00
        Assert.Equal($"2 чел. × 100 кВт·ч × 5,00 ₽ (R1, до 3{Nb}900 кВт·ч, норматив)", line.Explanation.Russian);
    }

    [Fact]
    public void Nobody_registered_gives_no_norm_lines_and_no_problem()
    {
        var result = ColdWater.Compute(Month("volume", October, [], ("T", 48.37m)) with { Norm = 6.935m, Premises = Flat(residents: 0) });

        Assert.Empty(Charged(result));
    }

    [Fact]
    public void A_missing_norm_is_a_problem_naming_the_norm_row()
    {
        var result = Electricity.Compute(Month("single", October, [], ("T", 6.12m)));

        Assert.Empty(result.Lines);
        Assert.Contains("Нет норматива", result.Problem!.Russian, StringComparison.Ordinal);
        Assert.Contains("rooms=2;residents=2;stove=gas", result.Problem.Russian, StringComparison.Ordinal);
        Assert.Contains("No norm", result.Problem.English, StringComparison.Ordinal);
        Assert.NotNull(Heating.Compute(Month("heat", October, [], ("heat", 2500m))).Problem); // formula 2 in season without a norm
    }

    [Fact]
    public void A_missing_price_of_a_needed_component_is_a_problem_and_no_lines()
    {
        var result = Electricity.Compute(Month("two-zone", October, [Measured("T1", 120m), Measured("T2", 40m)], ("T1", 6.43m)));

        Assert.Empty(result.Lines);
        Assert.StartsWith("Нет цены компонента T2 тарифа «Двухзонный (день, ночь)» с 01.10.2026 по 31.10.2026", result.Problem!.Russian, StringComparison.Ordinal);
        Assert.Contains("No price of component T2", result.Problem.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_without_any_price_segment_are_a_problem()
    {
        var request = Month("single", October, [Measured("T1", 152m)], ("T", 6.43m)) with
        {
            Prices = [Segment(October, new DateOnly(2026, 10, 15), ("T", 6.43m))],
        };

        var result = Electricity.Compute(request);

        Assert.Empty(result.Lines);
        Assert.Contains("Нет цен тарифа «Одноставочный» с 16.10.2026 по 31.10.2026", result.Problem!.Russian, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_change_on_16_October_splits_152_kWh_by_days_15_of_31_at_the_old_price_and_16_at_the_new()
    {
        var request = Month("single", October, [Measured("T1", 152m)], ("T", 6.43m)) with
        {
            Prices =
            [
                Segment(October, new DateOnly(2026, 10, 15), ("T", 6.43m)),
                Segment(new DateOnly(2026, 10, 16), new DateOnly(2026, 10, 31), ("T", 6.95m)),
            ],
        };

        var lines = Charged(Electricity.Compute(request));

        Assert.Equal(2, lines.Count);
        // 152 × 15 / 31 = 2,280 / 31 = 73.5483870… → 73.548387; the rest 152 − 73.548387 = 78.451613
        Assert.Equal((73.548387m, 6.43m, October, new DateOnly(2026, 10, 15)), (lines[0].Volume, lines[0].Price, lines[0].From, lines[0].To));
        Assert.Equal((78.451613m, 6.95m, new DateOnly(2026, 10, 16), new DateOnly(2026, 10, 31)), (lines[1].Volume, lines[1].Price, lines[1].From, lines[1].To));
        Assert.Equal(152m, lines.Sum(l => l.Volume));
        // 73.548387 × 6.43 = 441.290322 + 31.62580641 = 472.91612841 → 472.92
        // 78.451613 × 6.95 = 549.161291 − 3.92258065 = 545.23871035 → 545.24
        Assert.Equal([472.92m, 545.24m], lines.Select(l => l.Amount));
        Assert.Equal("73,548387 кВт·ч × 6,43 ₽ (с 01.10 по 15.10, 15 из 31 дн.)", lines[0].Explanation.Russian);
        Assert.Equal("78.451613 kWh × 6.95 ₽ (from 16.10 to 31.10, 16 of 31 days)", lines[1].Explanation.English);
    }

    [Fact]
    public void A_price_change_splits_every_zone_and_each_zones_parts_sum_to_its_volume()
    {
        var request = Month("two-zone", October, [Measured("T1", 100m), Measured("T2", 33.333333m)], ("T1", 6.43m), ("T2", 3.21m)) with
        {
            Prices =
            [
                Segment(October, new DateOnly(2026, 10, 15), ("T1", 6.43m), ("T2", 3.21m)),
                Segment(new DateOnly(2026, 10, 16), new DateOnly(2026, 10, 31), ("T1", 6.95m), ("T2", 3.47m)),
            ],
        };

        var lines = Charged(Electricity.Compute(request));

        Assert.Equal(["T1", "T1", "T2", "T2"], lines.Select(l => l.Component));
        Assert.Equal(100m, lines.Where(l => l.Component == "T1").Sum(l => l.Volume));
        Assert.Equal(33.333333m, lines.Where(l => l.Component == "T2").Sum(l => l.Volume));
        // 100 × 15 / 31 = 48.3870967… → 48.387097, the rest 51.612903
        Assert.Equal([48.387097m, 51.612903m], lines.Where(l => l.Component == "T1").Select(l => l.Volume));
    }

    [Fact]
    public void A_missing_price_in_the_second_segment_only_is_a_problem()
    {
        var request = Month("single", October, [Measured("T1", 152m)], ("T", 6.43m)) with
        {
            Prices =
            [
                Segment(October, new DateOnly(2026, 10, 15), ("T", 6.43m)),
                Segment(new DateOnly(2026, 10, 16), new DateOnly(2026, 10, 31)),
            ],
        };

        var result = Electricity.Compute(request);

        Assert.Empty(result.Lines);
        Assert.StartsWith("Нет цены компонента T тарифа «Одноставочный» с 16.10.2026 по 31.10.2026", result.Problem!.Russian, StringComparison.Ordinal);
    }

    [Fact]
    public void A_norm_for_part_of_the_month_takes_22_of_31_days_for_an_account_opened_on_10_October()
    {
        var from = new DateOnly(2026, 10, 10);
        var to = new DateOnly(2026, 10, 31);
        var request = Month("volume", October, [], ("T", 48.37m)) with
        {
            From = from,
            To = to,
            Prices = [Segment(from, to, ("T", 48.37m))],
            Norm = 6.935m,
        };

        var line = Assert.Single(Charged(ColdWater.Compute(request)));

        // 2 × 6.935 × 22 / 31 = 305.14 / 31 = 9.8432258… → 9.843226 m³; × 48.37 = 472.474848 + 3.64199362 = 476.11684162 → 476.12
        Assert.Equal((9.843226m, 476.12m, from, to), (line.Volume, line.Amount, line.From, line.To));
        Assert.Equal("2 чел. × 6,935 м³ × 22/31 дн. × 48,37 ₽ (норматив, с 10.10 по 31.10)", line.Explanation.Russian);
        Assert.Equal("2 pers. × 6.935 m³ × 22/31 days × 48.37 ₽ (norm, from 10.10 to 31.10)", line.Explanation.English);
    }

    [Fact]
    public void Split_by_days_gives_the_last_part_the_remainder_so_parts_sum_to_the_volume()
    {
        // 10 × 1/3 = 3.333333 (twice), the last 10 − 6.666666 = 3.333334
        Assert.Equal([3.333333m, 3.333333m, 3.333334m], TariffPricing.SplitByDays(10m, [1, 1, 1]));
        Assert.Equal([5m], TariffPricing.SplitByDays(5m, [31]));
        Assert.Equal(1.01m, TariffPricing.Amount(1m, 1.005m)); // 1.005 → 1.01, half away from zero
    }
}
