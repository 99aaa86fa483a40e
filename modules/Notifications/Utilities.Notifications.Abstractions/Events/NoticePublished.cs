using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Events;

/// <summary>
/// A notice (outage, planned works, tariff change) was announced, updated or resolved: revision
/// <paramref name="Revision"/> of notice <paramref name="NoticeId"/>. Written with the revision in
/// one transaction; the module's own handler fans it out to every affected consumer's channels.
/// </summary>
/// <param name="Change"><c>announced</c>, <c>updated</c> or <c>resolved</c>.</param>
[IntegrationEvent("notifications.notice-published")]
public sealed record NoticePublished(long NoticeId, int Revision, string Kind, string? Utility, string Change);
