namespace Utilities.Notifications.Notices;

/// <summary>
/// An operator's (or a supplier's) notice as typed: the service, the affected buildings (ids, or
/// lines each naming an address or a street), the times and the reason.
/// </summary>
internal sealed record NoticeInput(
    NoticeKind Kind,
    string? Utility,
    string? Title,
    string? Reason,
    DateTimeOffset? StartsAt,
    DateTimeOffset? ExpectedEndAt,
    IReadOnlyList<long>? BuildingIds,
    string? Addresses);

/// <summary>The outcome of announcing, updating or resolving: the notice and its revision, or the problem (a resource key and its arguments).</summary>
internal sealed record NoticeResult(long? NoticeId, int Revision, string? Problem, object[] ProblemArgs)
{
    public static NoticeResult Refused(string problem, params object[] args) => new(null, 0, problem, args);
}
