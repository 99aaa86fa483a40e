using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Utilities.Billing.Payments.Online.StandIn;

/// <summary>
/// Delivers the stand-in acquirer's callbacks over HTTP to the callback URL it was given (the
/// host's own base URL), at once, late or twice, and repeats a failed delivery a few times as an
/// acquirer does. Tests over the in-memory test server hand in its client as <see cref="Transport"/>,
/// so the callback still goes through the real HTTP endpoint.
/// </summary>
internal sealed class StandInCallbackSender(ILogger<StandInCallbackSender> log, IHostApplicationLifetime lifetime) : IDisposable
{
    private const int Attempts = 3;

    private readonly HttpClient _own = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public HttpClient? Transport { get; set; }

    /// <summary>Delivers now; a failed delivery is repeated in the background. True when the first try was accepted.</summary>
    public async Task<bool> SendAsync(Uri url, byte[] body, string signature, CancellationToken cancellationToken)
    {
        if (await TryAsync(url, body, signature, cancellationToken))
            return true;
        Track(RetryAsync(url, body, signature, TimeSpan.FromSeconds(2), Attempts - 1));
        return false;
    }

    public void SendLater(Uri url, byte[] body, string signature, TimeSpan delay) => Track(RetryAsync(url, body, signature, delay, Attempts));

    /// <summary>Waits for the deliveries scheduled so far (tests).</summary>
    public Task IdleAsync() => Task.WhenAll(_pending.Keys);

    public void Dispose() => _own.Dispose();

    private void Track(Task task)
    {
        _pending[task] = 0;
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RetryAsync(Uri url, byte[] body, string signature, TimeSpan delay, int attempts)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            for (var i = 0; i < attempts; i++)
            {
                await Task.Delay(delay, stopping);
                if (await TryAsync(url, body, signature, stopping))
                    return;
            }

            log.LogWarning("Stand-in acquirer gave up delivering a callback to {Url}", url);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryAsync(Uri url, byte[] body, string signature, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(StandInAcquirer.HeaderName, signature);
            using var response = await (Transport ?? _own).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
                return true;
            log.LogWarning("Stand-in acquirer's callback to {Url} answered {Status}", url, (int)response.StatusCode);
            // 4xx means the notice is refused for good (bad signature, not the order's): repeating it changes nothing.
            return (int)response.StatusCode is >= 400 and < 500;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Stand-in acquirer could not deliver a callback to {Url}", url);
            return false;
        }
    }
}
