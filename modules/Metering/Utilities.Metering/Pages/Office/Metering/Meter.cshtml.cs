using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Meters;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;
using Utilities.Metering.Readings;
using Utilities.Metering.Resources;
using Utilities.Platform.Time;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>
/// A meter card: facts, replacement chain, readings history, and the actions of the working roles
/// (inspector's reading, new verification, replacement, removal). Each form posts with htmx and the
/// card is re-rendered with the typed values and the messages; bad input answers 200.
/// </summary>
[Authorize(Roles = OfficeAccess.Readers)]
internal sealed class MeterModel(
    MeterCards cards, MeterRegistry registry, ReadingIntake intake, UtilityTypes utilities, IClock clock, Utilities.Platform.Identity.ICurrentUser user, IStringLocalizer<MeteringText> text) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public MeterCard Card { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public UtilityTypes Utilities => utilities;

    public bool MayChange => OfficeAccess.MayChange(User);

    /// <summary>Which form the messages belong to: reading, verify, replace, remove.</summary>
    public string? Form { get; private set; }

    public string? Message { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    [BindProperty]
    public DateOnly? On { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public DateOnly? ValidUntil { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Final { get; set; } = [];

    [BindProperty]
    public Dictionary<string, string?> Initial { get; set; } = [];

    [BindProperty]
    public ReplacementInput New { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReadingAsync(CancellationToken cancellationToken)
    {
        if (!MayChange)
            return Forbid();
        var result = await intake.SubmitAsync(ReadingSubmitter.Inspector(user.Id ?? "system"), new ReadingForm(Id, On ?? default, Values), cancellationToken);
        if (On is null)
            result = result with { Outcome = IntakeOutcome.Refused, Errors = [text["Meter_DateRequired"], .. result.Errors] };
        var done = result.Outcome == IntakeOutcome.Unchanged ? text["Reading_Unchanged"] : text["Reading_Stored"];
        if (result.Succeeded)
            Values = [];
        return await AfterAsync("reading", result.Succeeded, done, [.. result.AllMessages], cancellationToken);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        if (!MayChange)
            return Forbid();
        var result = await registry.VerifyAsync(Id, ValidUntil, cancellationToken);
        return await AfterAsync("verify", result.Succeeded, text["Verify_Done"], result.Errors, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (!MayChange)
            return Forbid();
        var result = await registry.RemoveAsync(Id, On, Reason, cancellationToken);
        return await AfterAsync("remove", result.Succeeded, text["Remove_Done"], result.Errors, cancellationToken);
    }

    public async Task<IActionResult> OnPostReplaceAsync(CancellationToken cancellationToken)
    {
        if (!MayChange)
            return Forbid();
        var form = new MeterForm(null, null, null, New.Serial, New.Layout, New.DigitCapacity, New.IsAutomated, On, New.VerifiedUntil);
        var result = await registry.ReplaceAsync(Id, On, Final, form, Initial, cancellationToken);
        if (!result.Succeeded)
            return await AfterAsync("replace", false, string.Empty, result.Errors, cancellationToken);
        var url = $"/office/metering/meters/{result.MeterId}";
        if (!Request.IsHtmx())
            return Redirect(url);
        Response.Headers["HX-Redirect"] = url;
        return new NoContentResult();
    }

    private async Task<IActionResult> AfterAsync(string form, bool succeeded, string done, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        if (succeeded && !Request.IsHtmx())
            return RedirectToPage(new { Id });
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        Form = form;
        Message = succeeded ? done : null;
        Errors = errors;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        var card = await cards.LoadAsync(Id, cancellationToken);
        if (card is null)
            return false;
        Card = card;
        On ??= Today;
        return true;
    }
}

/// <summary>The new meter of a replacement (its owner and utility are the old meter's).</summary>
internal sealed class ReplacementInput
{
    public string? Serial { get; set; }

    public string? Layout { get; set; }

    public int? DigitCapacity { get; set; }

    public bool IsAutomated { get; set; }

    public DateOnly? VerifiedUntil { get; set; }
}
