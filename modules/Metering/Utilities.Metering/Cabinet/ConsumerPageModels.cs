using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Metering.Cabinet;

/// <summary>
/// The meters page of one account, the same in the cabinet and at the kiosk (each shell has a thin
/// page of its own): meters, last readings, charts. Any account not in the consumer's view answers 404.
/// </summary>
internal abstract class ConsumerMetersPageModel(ConsumerMeters meters, ConsumptionCharts charts, Anomalies.AnomalyAlerts alerts) : PageModel
{
    /// <summary>Open anomaly alerts of the account's automated meters (a likely leak, consumption far off the forecast).</summary>
    public IReadOnlyList<Anomalies.AlertRow> Alerts { get; private set; } = [];

    /// <summary>The shell's folder of these pages.</summary>
    public abstract string Pages { get; }

    public ConsumerAccountMeters Account { get; private set; } = null!;

    public ConsumptionChart? Monthly { get; private set; }

    public IReadOnlyList<ConsumptionChart> Daily { get; private set; } = [];

    /// <summary>Months the monthly chart covers: 12 by default, at most the centre's window.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Months { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Days { get; set; }

    public int WindowMonths { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        var account = await meters.AccountAsync(consumerId, id, cancellationToken);
        if (account is null)
            return NotFound();
        Account = account;
        Alerts = await alerts.ForAccountAsync(account.Account.Id, cancellationToken);
        WindowMonths = ((account.Today.Year - account.HistoryFrom.Year) * 12) + account.Today.Month - account.HistoryFrom.Month + 1;
        Months = Math.Clamp(Months ?? ConsumptionCharts.DefaultMonths, 1, WindowMonths);
        Days = ConsumptionCharts.DailyRanges.Contains(Days ?? 0) ? Days : ConsumptionCharts.DailyRanges[0];
        // By day for automated meters, by month otherwise (issue 5, "Consumer views").
        var automated = account.Meters.Where(m => m.Meter.IsAutomated).ToList();
        if (automated.Count < account.Meters.Count || account.Meters.Count == 0)
            Monthly = await charts.MonthlyAsync(account, Months.Value, cancellationToken);
        var daily = new List<ConsumptionChart>();
        foreach (var meter in automated)
            daily.Add(await charts.DailyAsync(account, meter, Days!.Value, cancellationToken));
        Daily = daily;
        return Page();
    }
}

/// <summary>
/// Submitting a reading, the same in the cabinet and at the kiosk: the page, the htmx preview as
/// the consumer types (<c>input changed delay:300ms</c>) and the plain form post that works without JavaScript.
/// </summary>
internal abstract class ConsumerReadingPageModel(ConsumerReadingForm form, IStringLocalizer<MeteringText> text) : PageModel
{
    public abstract string Pages { get; }

    protected virtual bool Kiosk => false;

    [BindProperty]
    public string? TakenOn { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Null when the meter is not the consumer's: then only <see cref="Error"/> is shown.</summary>
    public ReadingFormView? View { get; private set; }

    public string? Error { get; private set; }

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");

    public async Task<IActionResult> OnGetAsync(long accountId, long meterId, CancellationToken cancellationToken)
    {
        View = await form.OpenAsync(ConsumerId, accountId, meterId, Pages, Kiosk, cancellationToken);
        return View is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(long accountId, long meterId, CancellationToken cancellationToken)
    {
        var view = await form.OpenAsync(ConsumerId, accountId, meterId, Pages, Kiosk, cancellationToken);
        if (view is null)
            return NotFound();
        View = await form.PreviewAsync(ConsumerId, view, new TypedReading(TakenOn, Values), cancellationToken);
        return Partial("_MeteringReadingPreview", View);
    }

    public async Task<IActionResult> OnPostAsync(long accountId, long meterId, CancellationToken cancellationToken)
    {
        var view = await form.OpenAsync(ConsumerId, accountId, meterId, Pages, Kiosk, cancellationToken);
        if (view is null)
        {
            // Another's meter, or one not on this account: said plainly, and nothing stored.
            Error = text["Reading_MeterNotFound"];
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        View = await form.SubmitAsync(ConsumerId, view, new TypedReading(TakenOn, Values), cancellationToken);
        return Page();
    }
}
