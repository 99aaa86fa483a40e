using Utilities.Platform.Messaging;

namespace Utilities.Metering.Events;

/// <summary>
/// Readings of one meter were accepted from an inspector or a consumer (one event per submission,
/// all registers together). <paramref name="Status"/> is <c>confirmed</c> (counts for billing now)
/// or <c>pending</c> (implausible: awaits an inspector's or operator's decision).
/// </summary>
[IntegrationEvent("metering.readings-accepted")]
public sealed record ReadingsAccepted(
    long MeterId,
    long? AccountId,
    long? BuildingId,
    string Utility,
    string Source,
    DateTime TakenAt,
    DateOnly Period,
    string Status,
    IReadOnlyList<long> ReadingIds);

/// <summary>
/// A batch of automated readings was stored (one event per import, not per row): the periods it
/// touched, so Billing can tell whether a run it made is affected.
/// </summary>
[IntegrationEvent("metering.readings-imported")]
public sealed record ReadingsImported(Guid BatchId, string SubmittedBy, long Stored, IReadOnlyList<DateOnly> Periods);

/// <summary>A pending reading was confirmed by a person; it counts for billing from now.</summary>
[IntegrationEvent("metering.reading-confirmed")]
public sealed record ReadingConfirmed(long ReadingId, long MeterId, long? AccountId, string Register, DateOnly Period, string ConfirmedBy);

/// <summary>
/// A reading was rejected with a reason. If its period was billed already, Billing recalculates it
/// (reversal + new lines).
/// </summary>
[IntegrationEvent("metering.reading-rejected")]
public sealed record ReadingRejected(long ReadingId, long MeterId, long? AccountId, string Register, DateOnly Period, bool WasCounted, string Reason, string RejectedBy);

/// <summary>
/// A meter's verification expired: from <paramref name="FaultySince"/> its readings are not used for
/// billing (Rules 354 п.81(12)); Billing estimates (average, then norm × 1.5) and the consumer is told.
/// </summary>
[IntegrationEvent("metering.meter-faulty")]
public sealed record MeterBecameFaulty(long MeterId, long? AccountId, long? BuildingId, string Utility, string Serial, DateOnly FaultySince);

/// <summary>A meter was replaced: the final reading of the old one and the initial reading of the new one were taken.</summary>
[IntegrationEvent("metering.meter-replaced")]
public sealed record MeterReplaced(long OldMeterId, long NewMeterId, long? AccountId, long? BuildingId, string Utility, DateTime ReplacedAt, DateOnly Period);

/// <summary>A meter was removed (without a replacement): the account is charged by the norm from then on.</summary>
[IntegrationEvent("metering.meter-removed")]
public sealed record MeterRemoved(long MeterId, long? AccountId, long? BuildingId, string Utility, DateOnly RemovedOn, string Reason);

/// <summary>
/// The daily anomaly check of automated meters opened new alerts (one event per run, listing them;
/// an alert already open is not announced again). <c>Kind</c> is <c>outside-forecast</c> (the daily
/// consumption outside the forecast's 80 % interval several days in a row) or <c>leak</c> (water flow
/// never zero for three days).
/// </summary>
[IntegrationEvent("metering.consumption-anomaly-detected")]
public sealed record ConsumptionAnomaliesDetected(DateOnly Day, IReadOnlyList<DetectedAnomaly> Alerts);

/// <param name="FirstDay">The first day of the run of anomalous days.</param>
/// <param name="LastDay">The last day checked (yesterday, when the check ran).</param>
public sealed record DetectedAnomaly(long AlertId, long MeterId, long? AccountId, long? BuildingId, string Utility, string Serial, string Kind, DateOnly FirstDay, DateOnly LastDay);
