namespace Utilities.Plugins.Sdk;

/// <summary>
/// How a utility type is charged (SDK 1.3.0): which tariff shape applies to an account, and the
/// charge lines of a period from its volumes, the tariff prices in force, the premises and the
/// norms. Billing owns the estimation chain (average, then norm; Rules 354 п.59–60) and hands the
/// formula volumes that are already decided; the formula only prices them, or, when it is given no
/// volumes, charges by the norm or by the building meter as its utility's rules say.
/// </summary>
public interface ITariffFormula
{
    /// <summary>The tariff shapes this utility can be priced in (single-rate, two-zone, two-component...).</summary>
    IReadOnlyList<TariffShape> Shapes { get; }

    /// <summary>
    /// The shape that prices an account, among the shapes its supplier has a tariff of in force;
    /// null when none fits (the run reports it and charges nothing for that account).
    /// </summary>
    /// <param name="meteredRegisters">The registers of the account's meters (empty: no meter).</param>
    /// <param name="shapesInForce">Codes of the shapes the supplier has a tariff of in the period.</param>
    string? ChooseShape(IReadOnlyCollection<string> meteredRegisters, IReadOnlySet<string> shapesInForce);

    /// <summary>The key of the norm table row that applies to the premises (electricity: rooms, residents, stove).</summary>
    string NormKey(PremisesFacts premises);

    /// <summary>The charge lines of one account for one period (or the part of it the account was open).</summary>
    ChargeResult Compute(ChargeRequest request);
}

/// <summary>A shape of tariff: the components that are priced.</summary>
/// <param name="Code">Stable code within the utility: <c>single</c>, <c>two-zone</c>, <c>ranges</c>, <c>two-component</c>.</param>
/// <param name="Name">How people read it.</param>
/// <param name="Components">The priced components, in the order they are printed.</param>
public sealed record TariffShape(string Code, LocalizedText Name, IReadOnlyList<TariffComponent> Components);

/// <summary>One priced component of a tariff shape.</summary>
/// <param name="Code">Stable code within the shape: <c>T</c>, <c>T1</c>, <c>R1</c>, <c>cold</c>, <c>heat</c>.</param>
/// <param name="Name">How people read it.</param>
/// <param name="Unit">The unit the price is per, as a code: <c>kWh</c>, <c>m3</c>, <c>Gcal</c>.</param>
public sealed record TariffComponent(string Code, LocalizedText Name, string Unit);

/// <summary>The facts of the premises a charge depends on (Contracts' data, read in bulk by Billing).</summary>
/// <param name="Area">Area of the premises, m².</param>
/// <param name="Residents">Registered residents (norm-based charges: residents × norm × tariff).</param>
/// <param name="Rooms">Rooms (electricity norms depend on them).</param>
/// <param name="Stove">The kind of stove: <c>gas</c> or <c>electric</c> (electricity norms).</param>
/// <param name="BuildingArea">Total area of the building's premises, m² (heating formula 3).</param>
/// <param name="BuildingHasMeter">The building has a meter of this utility (heating: formula 3 instead of 2).</param>
public sealed record PremisesFacts(decimal Area, int Residents, int Rooms, string Stove, decimal BuildingArea, bool BuildingHasMeter);

/// <summary>Where a volume comes from; printed on the bill.</summary>
public enum VolumeBasis
{
    /// <summary>Meter readings.</summary>
    Measured = 0,

    /// <summary>The average monthly consumption (no reading, or a faulty meter; Rules 354 п.59).</summary>
    Average = 1,

    /// <summary>The norm (Rules 354 п.60, formula 4), with the raising coefficient where due.</summary>
    Norm = 2,

    /// <summary>A share of the building meter's volume by area (heating, formula 3).</summary>
    BuildingMeter = 3,
}

/// <summary>The volume of one register to be priced.</summary>
/// <param name="Register">The meter register: <c>T1</c>, <c>T2</c>, <c>T3</c>, <c>total</c>.</param>
/// <param name="Volume">In the utility's unit, 6 decimals.</param>
/// <param name="Basis">Where the volume comes from.</param>
/// <param name="Months">How many billing periods the volume covers: more than 1 when a reading arrives after months of estimates (volume thresholds scale with it).</param>
public sealed record RegisterVolume(string Register, decimal Volume, VolumeBasis Basis, int Months = 1);

/// <summary>The prices of a tariff's components in force from one day to another (inclusive).</summary>
public sealed record PriceSegment(DateOnly From, DateOnly To, IReadOnlyDictionary<string, decimal> Prices)
{
    /// <summary>Days of the segment.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>What a formula is asked to charge.</summary>
public sealed record ChargeRequest
{
    /// <summary>The first day of the billing period (a calendar month).</summary>
    public required DateOnly Period { get; init; }

    /// <summary>The days of the period charged: the whole month, or the part the account was open (inclusive).</summary>
    public required DateOnly From { get; init; }

    /// <inheritdoc cref="From" />
    public required DateOnly To { get; init; }

    /// <summary>The shape chosen by <see cref="ITariffFormula.ChooseShape"/>.</summary>
    public required string Shape { get; init; }

    /// <summary>The tariff's prices, segments in date order covering <see cref="From"/>..<see cref="To"/>.</summary>
    public required IReadOnlyList<PriceSegment> Prices { get; init; }

    /// <summary>Volumes to price; empty when the account is charged by the norm or the building meter.</summary>
    public required IReadOnlyList<RegisterVolume> Volumes { get; init; }

    /// <summary>The premises the account is for.</summary>
    public required PremisesFacts Premises { get; init; }

    /// <summary>The norm of the row <see cref="ITariffFormula.NormKey"/> named, per month (per resident, or per m² for heating); null when the table has none.</summary>
    public decimal? Norm { get; init; }

    /// <summary>The raising coefficient of a norm-based charge (1.5 for a faulty or missing meter that could be installed; 1 otherwise).</summary>
    public decimal NormCoefficient { get; init; } = 1m;

    /// <summary>The building meter's volume of the period, when it has one with a reading (heating formula 3).</summary>
    public decimal? BuildingVolume { get; init; }

    /// <summary>Regional numbers by <see cref="ChargeRules"/> key (Billing's settings in force in the period).</summary>
    public IReadOnlyDictionary<string, decimal> Rules { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Days of the whole billing period.</summary>
    public int PeriodDays => DateTime.DaysInMonth(Period.Year, Period.Month);
}

/// <summary>One charge line: a volume of one component at one price, with its explanation.</summary>
/// <param name="Component">The tariff component priced: <c>T1</c>, <c>R2</c>, <c>heat</c>.</param>
/// <param name="Register">The register the volume came from, or null (norm, building meter, a component of all registers).</param>
/// <param name="Basis">Where the volume comes from.</param>
/// <param name="Volume">The volume priced (6 decimals).</param>
/// <param name="Unit">Unit code of the volume: <c>kWh</c>, <c>m3</c>, <c>Gcal</c>.</param>
/// <param name="Price">Price per unit.</param>
/// <param name="Amount">Volume × price, rounded to kopecks (midpoint away from zero).</param>
/// <param name="From">First day the line's price applied.</param>
/// <param name="To">Last day the line's price applied.</param>
/// <param name="Explanation">A person's reading: "152 кВт·ч × 6,43 ₽ (T1, с 01.10)".</param>
public sealed record ChargeLine(
    string Component,
    string? Register,
    VolumeBasis Basis,
    decimal Volume,
    string Unit,
    decimal Price,
    decimal Amount,
    DateOnly From,
    DateOnly To,
    LocalizedText Explanation);

/// <summary>The lines of one account, or why it could not be charged (a missing price or norm).</summary>
public sealed record ChargeResult(IReadOnlyList<ChargeLine> Lines, LocalizedText? Problem = null)
{
    /// <summary>No lines, and why.</summary>
    public static ChargeResult Failed(LocalizedText problem) => new([], problem);
}

/// <summary>Keys of <see cref="ChargeRequest.Rules"/>: regional numbers Billing keeps as settings.</summary>
public static class ChargeRules
{
    /// <summary>Heat for hot water, Gcal per m³ (e.g. 0.05156).</summary>
    public const string HotWaterHeatNorm = "hot-water.heat-norm";

    /// <summary>Upper bound of the first electricity volume range, kWh a month (3,900).</summary>
    public const string ElectricityRange1Limit = "electricity.range1-limit";

    /// <summary>Upper bound of the second electricity volume range, kWh a month (6,000).</summary>
    public const string ElectricityRange2Limit = "electricity.range2-limit";

    /// <summary>1 to spread heating evenly over the year (norm × season months / 12 each month), 0 to charge in the heating season only.</summary>
    public const string HeatingEvenly = "heating.evenly";

    /// <summary>First month of the heating season (10 = October).</summary>
    public const string HeatingSeasonStart = "heating.season-start";

    /// <summary>Last month of the heating season (4 = April).</summary>
    public const string HeatingSeasonEnd = "heating.season-end";
}
