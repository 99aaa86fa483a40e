using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;
using Utilities.Metering.Resources;
using Utilities.Platform.Time;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>
/// The round sheet of a building: one row per meter, one input per register (named
/// <c>r{meter}_{register}</c>) and one date for the sheet. The submit stores each filled row and
/// shows each row's result beside the values as typed.
/// </summary>
[Authorize(Roles = OfficeAccess.Workers)]
internal sealed class RoundModel(RoundSheets sheets, UtilityTypes utilities, IClock clock, Utilities.Platform.Identity.ICurrentUser user, IStringLocalizer<MeteringText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Building { get; set; }

    [BindProperty]
    public DateOnly? TakenOn { get; set; }

    public IReadOnlyList<BuildingSummary> Buildings { get; private set; } = [];

    public RoundSheet? Sheet { get; private set; }

    public DateOnly Today { get; private set; }

    public UtilityTypes Utilities => utilities;

    public IReadOnlyDictionary<long, RoundRowResult> Results { get; private set; } = new Dictionary<long, RoundRowResult>();

    public string? Error { get; private set; }

    public string? Summary { get; private set; }

    public static string Field(long meterId, string register) => string.Create(CultureInfo.InvariantCulture, $"r{meterId}_{register}");

    /// <summary>The value as typed in the last submit (kept on the page whatever the result).</summary>
    public string? Typed(long meterId, string register) =>
        Request.HasFormContentType && Request.Form.TryGetValue(Field(meterId, register), out var v) ? v.ToString() : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        TakenOn ??= Today;
        return Building is not null && Sheet is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Sheet is null)
            return NotFound();
        if (TakenOn is not { } takenOn)
        {
            Error = text["Meter_DateRequired"];
            return Page();
        }

        var typed = Sheet.Rows.ToDictionary(
            r => r.Meter.Id,
            r => r.Meter.Registers.ToDictionary(reg => reg, reg => Typed(r.Meter.Id, reg), StringComparer.Ordinal));
        var results = await sheets.SubmitAsync(Sheet, user.Id ?? "system", takenOn, typed, cancellationToken);
        Results = results.ToDictionary(r => r.MeterId);
        Summary = text["Round_Summary",
            results.Count(r => r.Result.Outcome == Readings.IntakeOutcome.Stored),
            results.Count(r => r.Result.Outcome == Readings.IntakeOutcome.Unchanged),
            results.Count(r => r.Result.Outcome == Readings.IntakeOutcome.Refused)];
        // Fresh last values after storing; the typed values stay from the form.
        Sheet = await sheets.LoadAsync(Sheet.Building.Id, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        Buildings = await sheets.BuildingsAsync(cancellationToken);
        if (Building is { } id)
            Sheet = await sheets.LoadAsync(id, cancellationToken);
    }
}
