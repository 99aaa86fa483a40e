namespace Utilities.Plugins.Sdk;

/// <summary>Where a meter is installed: in one premises, or on a whole building (ОДПУ).</summary>
public enum MeterScope
{
    /// <summary>A meter of one premises (a flat, an office).</summary>
    Premises,

    /// <summary>A building meter (общедомовой прибор учёта), measuring a whole building.</summary>
    Building,
}

/// <summary>How much a finding weighs.</summary>
public enum FindingSeverity
{
    /// <summary>Noted, nothing to do (a counter rollover explained by the digit capacity).</summary>
    Info,

    /// <summary>Accepted but implausible: a person has to check it before it is confirmed.</summary>
    Warning,

    /// <summary>The reading is refused: it cannot be right (before the previous one, in the future, too many digits).</summary>
    Error,
}

/// <summary>One reason a person can read about a reading.</summary>
/// <param name="Code">A stable code for data and tests: <c>future</c>, <c>rollover</c>, <c>spike</c>...</param>
/// <param name="Severity">How much it weighs.</param>
/// <param name="Message">The reason in Russian and English, with the numbers that led to it.</param>
public sealed record ValidationFinding(string Code, FindingSeverity Severity, LocalizedText Message);

/// <summary>The previous counted reading of the same register of the same meter.</summary>
/// <param name="TakenAt">When it was taken, in the site's local time.</param>
/// <param name="Value">The register value.</param>
public sealed record PreviousReading(DateTime TakenAt, decimal Value);

/// <summary>A new reading of one register, with what is known to judge it.</summary>
public sealed record ReadingCheck
{
    /// <summary>The register code (<c>T1</c>, <c>total</c>).</summary>
    public required string Register { get; init; }

    /// <summary>The register value read off the meter.</summary>
    public required decimal Value { get; init; }

    /// <summary>When it was taken, in the site's local time.</summary>
    public required DateTime TakenAt { get; init; }

    /// <summary>Now, in the site's local time.</summary>
    public required DateTime Now { get; init; }

    /// <summary>Digits of the counter before the decimal point; 0 when unknown (no rollover, no digit check).</summary>
    public int DigitCapacity { get; init; }

    /// <summary>A premises meter or a building meter; plausible volumes differ by orders of magnitude.</summary>
    public MeterScope Scope { get; init; }

    /// <summary>The previous counted reading of this register, or null for the first one.</summary>
    public PreviousReading? Previous { get; init; }

    /// <summary>Monthly consumption of this register so far, oldest first (spikes, zero runs, forecasts).</summary>
    public IReadOnlyList<MonthlyConsumption> History { get; init; } = [];
}

/// <summary>What a plugin makes of a reading.</summary>
/// <param name="Consumption">The volume since the previous reading (rollover accounted for); null for a first or refused reading.</param>
/// <param name="Findings">Every reason found, in order; empty for a plausible reading.</param>
public sealed record ReadingAssessment(decimal? Consumption, IReadOnlyList<ValidationFinding> Findings)
{
    /// <summary>True when any finding is an error: the reading must not be stored.</summary>
    public bool IsRefused => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>True when nothing needs a person: no warnings and no errors.</summary>
    public bool IsPlausible => Findings.All(f => f.Severity == FindingSeverity.Info);
}

/// <summary>A utility type's checks of meter readings (the usual VEE checks of meter data management).</summary>
public interface IMeterValidator
{
    /// <summary>Assesses a new reading of one register.</summary>
    ReadingAssessment Assess(ReadingCheck check);
}

/// <summary>A set of registers a meter of the utility type can have: single-rate (T1), two-zone (T1, T2).</summary>
/// <param name="Code">A stable code: <c>single</c>, <c>two-zone</c>, <c>three-zone</c>.</param>
/// <param name="Name">How people read it.</param>
/// <param name="Registers">The register codes, in order.</param>
public sealed record RegisterLayout(string Code, LocalizedText Name, IReadOnlyList<string> Registers);
