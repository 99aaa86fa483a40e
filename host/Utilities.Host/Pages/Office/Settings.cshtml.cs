using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Host.Platform.Settings;
using Utilities.Host.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Host.Pages.Office;

/// <summary>
/// Administrators set organisation settings from a date on. A value may start no earlier than
/// the current billing period: closed periods are never changed (domain.md, "Charges").
/// </summary>
internal sealed class SettingsModel(
    SettingsCatalog catalog,
    SettingsStore store,
    IClock clock,
    IAuditLog audit,
    ICurrentUser user,
    IStringLocalizerFactory localizers,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<SettingGroupView> Groups { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? ValidFrom { get; set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        var periodStart = BillingPeriod.Of(Today).FirstDay;
        if (Key is null || !catalog.ByKey.TryGetValue(Key, out var definition))
        {
            Error = t["UnknownSetting"];
        }
        else
        {
            var parsed = definition.Parse(Value);
            if (!parsed.Success)
            {
                Error = parsed.Error == SettingError.OutOfRange
                    ? t["SettingError_OutOfRange", definition.Minimum!, definition.Maximum!]
                    : t["SettingError_" + parsed.Error];
            }
            else if (!TryParseDate(ValidFrom, out var from))
            {
                Error = t["ValidFromInvalid"];
            }
            else if (from < periodStart)
            {
                Error = t["ValidFromTooEarly", periodStart.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)];
            }
            else
            {
                await store.SetAsync(definition.Key, from, parsed.Value, user.Id ?? "unknown", cancellationToken);
                await audit.WriteAsync("setting.changed", definition.Key, $"{parsed.Value} from {from:yyyy-MM-dd}", cancellationToken);
                Saved = t["SettingSaved", definition.Key, parsed.Value, from.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)];
                return RedirectToPage();
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        var groups = new List<SettingGroupView>();
        foreach (var (owner, definitions) in catalog.Groups)
        {
            var rows = new List<SettingRowView>();
            foreach (var d in definitions)
            {
                var history = await store.HistoryAsync(d.Key, cancellationToken);
                rows.Add(new SettingRowView(
                    d,
                    localizers.Create(d.Resources)[d.DescriptionKey],
                    await store.GetRawAsync(d.Key, Today, cancellationToken),
                    history.Where(h => h.ValidFrom > Today).ToList(),
                    history.LastOrDefault(h => h.ValidFrom <= Today)));
            }

            groups.Add(new SettingGroupView(owner, rows));
        }

        Groups = groups;
    }

    private static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

internal sealed record SettingGroupView(string Owner, IReadOnlyList<SettingRowView> Rows);

internal sealed record SettingRowView(
    SettingDefinition Definition,
    string Description,
    string Current,
    IReadOnlyList<StoredSetting> Scheduled,
    StoredSetting? InForce);
