using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Cabinet;
using Utilities.Contracts.Data;
using Utilities.Contracts.Pages.Cabinet.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet;

/// <summary>The consumer's contacts (their login identifiers): change an e-mail or phone after confirming a code sent to it.</summary>
[EnableRateLimiting(ConsumerAuthentication.Policy)]
internal sealed class ProfileModel(ContractsDbContext db, CabinetContacts contacts, Utilities.Contracts.Kiosk.KioskSignIn kiosk, IStringLocalizer<ContractsText> text) : PageModel
{
    public Consumer Consumer { get; private set; } = null!;

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Pin { get; set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    public bool AwaitingCode { get; private set; }

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the cabinet policy lets consumers in only");

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken cancellationToken)
    {
        var (result, sentTo) = await contacts.RequestAsync(ConsumerId, Kind, Value, cancellationToken);
        Error = Messages.Of(text, result);
        AwaitingCode = result.Succeeded;
        Message = sentTo is null ? null : text["Cabinet_CodeSent", sentTo].Value;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var result = await contacts.ConfirmAsync(ConsumerId, Code, "consumer", cancellationToken);
        Error = Messages.Of(text, result);
        AwaitingCode = !result.Succeeded;
        Message = result.Succeeded ? text["Contact_Changed"].Value : null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPinAsync(CancellationToken cancellationToken)
    {
        var result = await kiosk.SetPinAsync(ConsumerId, Pin, cancellationToken);
        Error = Messages.Of(text, result);
        Message = result.Succeeded ? text["Pin_Set"].Value : null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Consumer = await db.Consumers.AsNoTracking().FirstAsync(c => c.Id == ConsumerId, cancellationToken);
}
