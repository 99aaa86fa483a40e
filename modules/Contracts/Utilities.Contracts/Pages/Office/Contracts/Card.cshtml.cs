using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.ContactChanges;
using Utilities.Contracts.Resources;
using Utilities.Contracts.Search;
using Utilities.Contracts.Terminate;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Contracts.Pages.Office.Contracts;

/// <summary>
/// A contract with its consumer, premises, owners, accounts (attach codes), contact history and
/// the actions: print, terminate, change contacts (operators and administrators; others read).
/// Forms post with htmx and re-render the card region; errors come back with 200.
/// </summary>
internal sealed class CardModel(
    ContractCards cards,
    TerminateCommand terminate,
    ChangeContactsCommand changeContacts,
    IClock clock,
    IEnumerable<IUtilityPlugin> plugins,
    IStringLocalizer<ContractsText> text) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public ContractCard Card { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public DateOnly? EndsOn { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public bool CanEdit => User.IsInRole(StaffRoles.Operator) || User.IsInRole(StaffRoles.Administrator);

    /// <summary>An activation code issued at conclusion, waiting for the first print (not read here, only looked at).</summary>
    public bool ActivationWaiting => TempData.Peek(NewModel.ActivationKey(Id)) is string;

    public string UtilityName(string code) =>
        plugins.FirstOrDefault(p => p.Code == code)?.DisplayName.In(CultureInfo.CurrentUICulture) ?? code;

    public async Task<IActionResult> OnGetAsync([FromQuery] string? concluded, [FromQuery] string? again, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        if (concluded is not null)
            Message = text[Card.Contract.Deemed ? "Conclude_DeemedDone" : "Conclude_Done", Card.Contract.Number];
        else if (again is not null)
            Message = text["Conclude_Again", Card.Contract.Number];
        Email = Card.Consumer.Email;
        Phone = Card.Consumer.Phone;
        EndsOn = Today;
        return Page();
    }

    public async Task<IActionResult> OnPostTerminateAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var result = await terminate.ExecuteAsync(Id, EndsOn, Reason, cancellationToken);
        return await AfterAsync(result.Succeeded, text["Terminate_Done"], result.Error, cancellationToken);
    }

    public async Task<IActionResult> OnPostContactsAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        var result = await changeContacts.ExecuteAsync(Card.Consumer.Id, Email, Phone, cancellationToken);
        return await AfterAsync(result.Succeeded, text[result.Changed ? "Contact_Saved" : "Contact_NoChange"], result.Error, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(bool succeeded, string done, string? error, CancellationToken cancellationToken)
    {
        if (succeeded && !Request.IsHtmx())
            return RedirectToPage(new { Id });
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        Message = succeeded ? done : null;
        Error = error;
        if (succeeded)
        {
            Email = Card.Consumer.Email;
            Phone = Card.Consumer.Phone;
        }

        EndsOn ??= Today;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        var card = await cards.LoadAsync(Id, cancellationToken);
        if (card is null)
            return false;
        Card = card;
        return true;
    }
}
