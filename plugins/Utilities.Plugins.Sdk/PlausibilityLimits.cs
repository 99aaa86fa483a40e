namespace Utilities.Plugins.Sdk;

/// <summary>The numbers behind a utility type's plausibility checks.</summary>
public sealed record PlausibilityLimits
{
    /// <summary>
    /// No volume limits: only the checks every counter obeys (order, future, digits, rollover); no
    /// daily limits, spikes or zero runs, which need numbers of the utility type.
    /// </summary>
    public static PlausibilityLimits None { get; } = new() { SpikeFactor = 0m, ZeroRunMonths = 0 };

    /// <summary>The most a premises meter plausibly counts per day on one register; null for no limit.</summary>
    public decimal? MaxDailyPremises { get; init; }

    /// <summary>The most a building meter plausibly counts per day; null for no limit.</summary>
    public decimal? MaxDailyBuilding { get; init; }

    /// <summary>A period's daily consumption above this many times the expected one is a spike; 0 turns the check off.</summary>
    public decimal SpikeFactor { get; init; } = 3m;

    /// <summary>Spikes smaller than this volume (in the unit) are ignored: small numbers swing a lot.</summary>
    public decimal SpikeMinimumVolume { get; init; }

    /// <summary>How many months of history the expected consumption needs before spikes are judged.</summary>
    public int SpikeMinimumHistoryMonths { get; init; } = 3;

    /// <summary>This many whole months with no consumption, and none again now, is a zero run; 0 turns the check off.</summary>
    public int ZeroRunMonths { get; init; } = 3;
}
