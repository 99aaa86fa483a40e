using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Periods;
using Utilities.Billing.Resources;
using Utilities.Billing.Runs;
using Utilities.Platform.Modules;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>
/// Billing runs: accountants and administrators start a period's run (it runs in the background,
/// the page answers at once) and close a completed period; everyone in the office sees the runs,
/// their progress (the list refreshes itself by htmx while a run is going) and their problems.
/// </summary>
internal sealed class RunsModel(BillingDbContext db, BillingRunner runner, RunQueue queue, ClosePeriodCommand close, IStringLocalizer<BillingText> text) : PageModel
{
    public const int ProblemsShown = 100;

    public IReadOnlyList<BillingRun> Runs { get; private set; } = [];

    public IReadOnlySet<DateOnly> ClosedPeriods { get; private set; } = new HashSet<DateOnly>();

    public bool CanManage => User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    /// <summary>Who starts or closes: the staff member's display name, within the 100 characters the run and period rows keep.</summary>
    private string Actor => User.Identity?.Name is { Length: > 0 } name ? name[..Math.Min(name.Length, 100)] : "office";

    public bool AnyRunning => Runs.Any(r => r.State == RunStates.Running);

    /// <summary>The month typed in the form, <c>yyyy-MM</c> as <c>input type=month</c> posts it.</summary>
    [BindProperty]
    public string? Period { get; set; }

    /// <summary>The run whose problems are shown.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Run { get; set; }

    public IReadOnlyList<RunProblem> Problems { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (TempData["Message"] is string message)
            Message = message;
        await LoadAsync(cancellationToken);
    }

    /// <summary>The search box: an account id leads to its charges.</summary>
    public async Task<IActionResult> OnGetAccountAsync(string? account, CancellationToken cancellationToken)
    {
        if (long.TryParse(account?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var accountId) && accountId > 0)
            return RedirectToPage("Account", new { accountId });
        Error = text["Runs_AccountInvalid"].Value;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        if (!CanManage)
            return Forbid();
        if (ParsePeriod(Period) is not { } period)
        {
            Error = text["Runs_PeriodInvalid"].Value;
        }
        else
        {
            var start = await runner.StartAsync(period, Actor, cancellationToken);
            if (start.RunId is not { } runId)
            {
                Error = start.Error;
            }
            else
            {
                if (!start.AlreadyRunning)
                    queue.Enqueue(runId);
                var done = text[start.AlreadyRunning ? "Runs_AlreadyRunning" : "Runs_Started", PeriodText(period)].Value;
                return await DoneAsync(done, cancellationToken);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        if (!CanManage)
            return Forbid();
        if (ParsePeriod(Period) is not { } period)
        {
            Error = text["Runs_PeriodInvalid"].Value;
        }
        else if (await close.ExecuteAsync(period, Actor, cancellationToken) is { } refusal)
        {
            Error = refusal;
        }
        else
        {
            return await DoneAsync(text["Runs_Closed", PeriodText(period)].Value, cancellationToken);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>A plain form goes back to the list (post, redirect, get); htmx gets the list with the message.</summary>
    private async Task<IActionResult> DoneAsync(string message, CancellationToken cancellationToken)
    {
        if (!Request.IsHtmx())
        {
            TempData["Message"] = message;
            return RedirectToPage();
        }

        Message = message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.Period).ThenByDescending(r => r.Id).Take(50).ToListAsync(cancellationToken);
        ClosedPeriods = (await db.Periods.AsNoTracking().Where(p => p.State == PeriodStates.Closed).Select(p => p.Period).ToListAsync(cancellationToken)).ToHashSet();
        if (Run is { } runId)
        {
            Problems = await db.RunProblems.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.AccountId)
                .Take(ProblemsShown).ToListAsync(cancellationToken);
        }
    }

    /// <summary>The latest completed run of a period that is still open, none running: it may be closed.</summary>
    public bool CanClose(BillingRun run) =>
        CanManage && run.State == RunStates.Completed && !ClosedPeriods.Contains(run.Period)
        && !Runs.Any(r => r.Period == run.Period && r.State == RunStates.Running)
        && Runs.Where(r => r.Period == run.Period && r.State == RunStates.Completed).Max(r => r.Id) == run.Id;

    public static string PeriodText(DateOnly period) => period.ToString("MM.yyyy", CultureInfo.InvariantCulture);

    public static string PeriodValue(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary><c>yyyy-MM</c> (what <c>input type=month</c> posts), or <c>MM.yyyy</c> typed by hand; anything else is null.</summary>
    internal static DateOnly? ParsePeriod(string? value)
    {
        string[] formats = ["yyyy-MM", "MM.yyyy"];
        return DateTime.TryParseExact(value?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
               && month.Year >= 2000
            ? new DateOnly(month.Year, month.Month, 1)
            : null;
    }
}
