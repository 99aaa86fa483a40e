using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Notifications.Notices;
using Utilities.Notifications.Resources;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Pages.Office.Notifications;

/// <summary>An operator announces an outage or planned works: service, buildings (addresses or streets, one a line), times, reason.</summary>
internal sealed class NewModel(NoticeCommands commands, ISettings settings, IStringLocalizer<NotificationsText> text) : PageModel
{
    [BindProperty]
    public NoticeKind Kind { get; set; } = NoticeKind.Outage;

    [BindProperty]
    public string? Utility { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? StartsAt { get; set; }

    [BindProperty]
    public string? ExpectedEndAt { get; set; }

    [BindProperty]
    public string? Addresses { get; set; }

    public string? Error { get; private set; }

    public static IReadOnlyList<string> Utilities { get; } = ["cold-water", "hot-water", "electricity", "heating"];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var starts = LocalTime.Parse(StartsAt, zone);
        var ends = LocalTime.Parse(ExpectedEndAt, zone);
        if (!string.IsNullOrWhiteSpace(ExpectedEndAt) && ends is null || !string.IsNullOrWhiteSpace(StartsAt) && starts is null)
        {
            Error = text["Problem_BadTime"];
            return Page();
        }

        if (Kind is not (NoticeKind.Outage or NoticeKind.PlannedWork or NoticeKind.Information))
            Kind = NoticeKind.Outage;
        var result = await commands.AnnounceAsync(new NoticeInput(Kind, Utility, Title, Reason, starts, ends, null, Addresses), User.Identity?.Name ?? "operator", cancellationToken);
        if (result.Problem is { } problem)
        {
            Error = text[problem, result.ProblemArgs];
            return Page();
        }

        return Redirect($"/office/notifications/{result.NoticeId}");
    }
}
