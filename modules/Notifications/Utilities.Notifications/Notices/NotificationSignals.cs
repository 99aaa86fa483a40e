using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;

namespace Utilities.Notifications.Notices;

/// <summary>
/// In-process nudges: the live banners re-read when a notice changed, the delivery lanes look for
/// work when deliveries were queued, the cached dashboards (their notices) are forgotten. Other hosts notice
/// by polling (a few seconds later; their dashboards when the cache expires).
/// </summary>
internal sealed class NotificationSignals(IServiceProvider services)
{
    private readonly SemaphoreSlim deliveries = new(0, int.MaxValue);

    public event Action? Changed;

    public void NoticesChanged()
    {
        services.GetService<ICabinetCache>()?.ForgetAll();
        Changed?.Invoke();
    }

    public void DeliveriesQueued(int lanes = 8)
    {
        for (var i = 0; i < lanes; i++)
            deliveries.Release();
    }

    public Task<bool> WaitForDeliveriesAsync(TimeSpan timeout, CancellationToken cancellationToken) => deliveries.WaitAsync(timeout, cancellationToken);
}
