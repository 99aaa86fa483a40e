using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Conclude;
using Utilities.Contracts.Data;
using Utilities.Contracts.Search;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Contracts.Pages.Office.Contracts;

/// <summary>
/// Concluding a contract in the office (or registering a deemed one): consumer, premises,
/// services with their suppliers, start date. Operators and administrators only. The form carries
/// an idempotency key: sending it twice finds the first contract.
/// </summary>
internal sealed class NewModel(ContractsDbContext db, ConcludeCommand conclude, ContractSearch search, IClock clock, IEnumerable<IUtilityPlugin> plugins) : PageModel
{
    public const string ActivationKeyPrefix = "activation:";

    public static string ActivationKey(long contractId) => ActivationKeyPrefix + contractId.ToString(CultureInfo.InvariantCulture);

    [BindProperty]
    public ConcludeForm Form { get; set; } = new();

    public Consumer? ExistingConsumer { get; private set; }

    public IReadOnlyList<IUtilityPlugin> Services { get; private set; } = [];

    public IReadOnlyList<Organisation> Suppliers { get; private set; } = [];

    public string? Error { get; private set; }

    public bool CanEdit => User.IsInRole(StaffRoles.Operator) || User.IsInRole(StaffRoles.Administrator);

    public async Task<IActionResult> OnGetAsync([FromQuery] long? consumer, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        Form = new ConcludeForm
        {
            IdempotencyKey = Guid.NewGuid(),
            ConsumerId = consumer,
            StartsOn = await clock.TodayAsync(cancellationToken),
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Existing consumers found by any identifier (the search box's rules), to choose one for the new contract.</summary>
    public async Task<IActionResult> OnGetConsumersAsync([FromQuery] string? find, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var typed = (find ?? string.Empty).Trim();
        IReadOnlyList<ContractHit> hits = typed.Length < 2 ? [] : (await search.FindAsync(typed, cancellationToken)).Hits.DistinctBy(h => h.ConsumerId).ToList();
        return Partial("_ConsumerHits", hits);
    }

    /// <summary>Suggestions for the building field (a datalist), as the operator types.</summary>
    public async Task<IActionResult> OnGetBuildingsAsync([FromQuery(Name = "Form.BuildingAddress")] string? address, CancellationToken cancellationToken)
    {
        var typed = (address ?? string.Empty).Trim();
        var list = new List<string>();
        if (typed.Length >= 2 && typed.Length <= 100)
        {
            var pattern = "%" + typed.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            list = await db.Buildings.Where(b => EF.Functions.ILike(b.Address, pattern)).OrderBy(b => b.Address).Select(b => b.Address).Take(20).ToListAsync(cancellationToken);
        }

        return Partial("_BuildingOptions", list);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();

        var result = await conclude.ExecuteAsync(Form.ToRequest(plugins.Select(p => p.Code)), cancellationToken);
        if (result.Succeeded)
        {
            if (result.ActivationCode is { } code)
                TempData[ActivationKey(result.ContractId!.Value)] = code;
            var url = $"/office/contracts/{result.ContractId}?" + (result.AlreadyConcluded ? "again=1" : "concluded=1");
            if (Request.IsHtmx())
            {
                Response.Headers["HX-Redirect"] = url;
                return new NoContentResult();
            }

            return Redirect(url);
        }

        Error = result.Error;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Services = plugins.OrderBy(p => Array.IndexOf(KnownOrder, p.Code) is var i && i < 0 ? 99 : i).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
        Suppliers = await db.Organisations.AsNoTracking().Where(o => o.Kind == "supplier").OrderBy(o => o.Name).ToListAsync(cancellationToken);
        if (Form.ConsumerId is { } id)
            ExistingConsumer = await db.Consumers.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
    }

    private static readonly string[] KnownOrder = ["electricity", "cold-water", "hot-water", "heating"];

    internal sealed class ConcludeForm
    {
        public Guid IdempotencyKey { get; set; }

        public long? ConsumerId { get; set; }

        public string? FullName { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public string? BuildingAddress { get; set; }

        public string? PremisesNumber { get; set; }

        /// <summary>Text, so "54,3" and "54.3" both work.</summary>
        public string? Area { get; set; }

        public string? Rooms { get; set; }

        public string? Residents { get; set; }

        public List<string> Services { get; set; } = [];

        /// <summary>Supplier id per utility code; empty for the default.</summary>
        public Dictionary<string, string?> Suppliers { get; set; } = [];

        public DateOnly? StartsOn { get; set; }

        public string? ContractNumber { get; set; }

        public bool Deemed { get; set; }

        public ConcludeRequest ToRequest(IEnumerable<string> known) => new(
            IdempotencyKey,
            ConsumerId,
            new NewConsumer(FullName, Email, Phone),
            BuildingAddress,
            PremisesNumber,
            new NewPremises(DecimalInput.Parse(Area), Int(Rooms), Int(Residents)),
            Services.Where(s => !string.IsNullOrEmpty(s))
                .Select(s => new ChosenService(s, Suppliers.TryGetValue(s, out var v) && long.TryParse(v, CultureInfo.InvariantCulture, out var id) ? id : null))
                .ToList(),
            StartsOn,
            ContractNumber,
            Deemed);

        private static int? Int(string? text) => int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
