namespace Utilities.Notifications.Notices;

/// <summary>
/// In-process nudges: the live banners re-read when a notice changed, the delivery lanes look for
/// work when deliveries were queued. Other hosts notice by polling (a few seconds later).
/// </summary>
internal sealed class NotificationSignals
{
    private readonly SemaphoreSlim deliveries = new(0, int.MaxValue);

    public event Action? Changed;

    public void NoticesChanged() => Changed?.Invoke();

    public void DeliveriesQueued(int lanes = 8)
    {
        for (var i = 0; i < lanes; i++)
            deliveries.Release();
    }

    public Task<bool> WaitForDeliveriesAsync(TimeSpan timeout, CancellationToken cancellationToken) => deliveries.WaitAsync(timeout, cancellationToken);
}
