namespace Utilities.Metering.Data;

/// <summary>A premises meter (on an account) or a building meter (ОДПУ, on a building).</summary>
internal sealed class Meter
{
    public long Id { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    public required string Serial { get; init; }

    public required string[] Registers { get; init; }

    /// <summary>Digits of the counter: a reading below the previous one may be a rollover.</summary>
    public int DigitCapacity { get; init; }

    public bool IsAutomated { get; init; }

    public DateOnly InstalledOn { get; init; }

    public DateOnly VerifiedUntil { get; set; }

    public DateOnly? RemovedOn { get; set; }
}

internal sealed class Reading
{
    public long Id { get; init; }

    public long MeterId { get; init; }

    public required string Register { get; init; }

    public decimal Value { get; init; }

    public DateOnly TakenOn { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary><c>inspector</c>, <c>automation</c> or <c>consumer</c>.</summary>
    public required string Source { get; init; }

    /// <summary><c>accepted</c>, <c>pending</c> (a consumer's, awaiting confirmation) or <c>rejected</c>.</summary>
    public required string Status { get; set; }
}
