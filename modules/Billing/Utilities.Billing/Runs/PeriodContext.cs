using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Settings;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

/// <summary>The estimation chain's numbers in force in a period (domain.md, "When there is no reading"; all settings).</summary>
internal sealed record EstimationRules(
    int MissingAverageMonths,
    int FaultyAverageMonths,
    decimal FaultyNormCoefficient,
    decimal NoMeterNormCoefficient,
    IReadOnlySet<string> NoMeterCoefficientUtilities,
    int AverageMinMonths,
    int AverageMinMonthsNewMeter,
    int AverageWindowMonths);

/// <summary>Everything a period's charges depend on besides the account itself, read once per run.</summary>
internal sealed class PeriodContext
{
    private readonly IReadOnlyDictionary<string, ITariffFormula> formulas;
    private readonly IReadOnlySet<(long, string)> buildingMetered;

    private PeriodContext(
        DateOnly period,
        TariffBook tariffs,
        NormBook norms,
        EstimationRules estimation,
        IReadOnlyDictionary<string, decimal> rules,
        IReadOnlyDictionary<(long Building, string Utility), decimal> buildingVolumes,
        IReadOnlySet<(long, string)> buildingMetered,
        IReadOnlyDictionary<string, ITariffFormula> formulas)
    {
        this.buildingMetered = buildingMetered;
        Period = period;
        Tariffs = tariffs;
        Norms = norms;
        Estimation = estimation;
        Rules = rules;
        BuildingVolumes = buildingVolumes;
        this.formulas = formulas;
    }

    public DateOnly Period { get; }

    public DateOnly PeriodEnd => Period.AddMonths(1).AddDays(-1);

    public int PeriodDays => PeriodEnd.Day;

    public TariffBook Tariffs { get; }

    public NormBook Norms { get; }

    public EstimationRules Estimation { get; }

    public IReadOnlyDictionary<string, decimal> Rules { get; }

    public IReadOnlyDictionary<(long Building, string Utility), decimal> BuildingVolumes { get; }

    public ITariffFormula? Formula(string utility) => formulas.GetValueOrDefault(utility);

    public static async Task<PeriodContext> LoadAsync(
        DateOnly period,
        BillingDbContext db,
        ISettings settings,
        IConsumptionQuery consumption,
        IEnumerable<IUtilityPlugin> plugins,
        CancellationToken cancellationToken)
    {
        var end = period.AddMonths(1).AddDays(-1);
        async ValueTask<T> Get<T>(SettingKey<T> key) => await settings.GetAsync(key, end, cancellationToken);

        var estimation = new EstimationRules(
            await Get(BillingSettings.AverageEstimationMonths),
            await Get(BillingSettings.FaultyAverageMonths),
            await Get(BillingSettings.FaultyNormCoefficient),
            await Get(BillingSettings.NoMeterNormCoefficient),
            (await Get(BillingSettings.NoMeterCoefficientUtilities)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
            await Get(BillingSettings.AverageMinMonths),
            await Get(BillingSettings.AverageMinMonthsNewMeter),
            await Get(BillingSettings.AverageWindowMonths));
        var rules = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [ChargeRules.HotWaterHeatNorm] = await Get(BillingSettings.HotWaterHeatNorm),
            [ChargeRules.ElectricityRange1Limit] = await Get(BillingSettings.ElectricityRange1Limit),
            [ChargeRules.ElectricityRange2Limit] = await Get(BillingSettings.ElectricityRange2Limit),
            [ChargeRules.HeatingEvenly] = await Get(BillingSettings.HeatingEvenly) ? 1m : 0m,
            [ChargeRules.HeatingSeasonStart] = await Get(BillingSettings.HeatingSeasonStart),
            [ChargeRules.HeatingSeasonEnd] = await Get(BillingSettings.HeatingSeasonEnd),
        };

        // Building meters: a few thousand rows; only measured volumes drive formula 3.
        var buildingRows = await consumption.BuildingPeriodAsync(period, cancellationToken);
        var metered = buildingRows.Where(r => r.BuildingId is not null).Select(r => (r.BuildingId!.Value, r.Utility)).ToHashSet();
        var buildingVolumes = buildingRows
            .Where(r => r.State == ConsumptionState.Measured && r.BuildingId is not null)
            .GroupBy(r => (r.BuildingId!.Value, r.Utility))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Volume!.Value));

        var formulas = plugins.Where(p => p.Tariffs is not null).ToDictionary(p => p.Code, p => p.Tariffs!, StringComparer.Ordinal);
        return new PeriodContext(
            period,
            await TariffBook.LoadAsync(db, period, end, cancellationToken),
            await NormBook.LoadAsync(db, end, cancellationToken),
            estimation,
            rules,
            buildingVolumes,
            metered,
            formulas);
    }

    /// <summary>The premises as a formula sees them; the building "has a meter" of the account's utility when Metering has one in service.</summary>
    public PremisesFacts Premises(AccountFacts account, int? residents = null) =>
        new(account.Area, residents ?? account.Residents, account.Rooms, account.Stove, account.BuildingArea,
            buildingMetered.Contains((account.BuildingId, account.Utility)));
}
