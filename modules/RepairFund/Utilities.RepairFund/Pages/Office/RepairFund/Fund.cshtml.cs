using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;
using Utilities.RepairFund.Data;
using Utilities.RepairFund.Resources;
using Utilities.RepairFund.Statements;
using Utilities.RepairFund.Works;

namespace Utilities.RepairFund.Pages.Office.RepairFund;

/// <summary>
/// One building's fund: its settings (account, obligation start, disrepair, the special account's
/// details), the statement for any days with CSV and PDF export, the debtors, the programme of
/// works and spending against them. Every refusal is a message and writes nothing.
/// </summary>
internal sealed partial class FundModel(
    RepairFundDbContext db, FundStatement statement, WorkCommands works, IPremisesOwnership premises, IBuildingDirectory buildings,
    IClock clock, IStringLocalizer<RepairFundText> text) : PageModel
{
    public const int DebtorsShown = 100;

    public Fund Fund { get; private set; } = null!;

    public string Address { get; private set; } = string.Empty;

    public StatementTotals Totals { get; private set; } = null!;

    public IReadOnlyList<(string Premises, decimal Debt)> Debtors { get; private set; } = [];

    public IReadOnlyList<Work> Works { get; private set; } = [];

    public IReadOnlyDictionary<long, decimal> SpentByWork { get; private set; } = new Dictionary<long, decimal>();

    public IReadOnlyList<Spending> Spending { get; private set; } = [];

    public bool CanEdit => User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    [BindProperty(SupportsGet = true)]
    public long Building { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty]
    public SettingsForm Settings { get; set; } = new();

    [BindProperty]
    public WorkForm NewWork { get; set; } = new();

    [BindProperty]
    public SpendForm Spend { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        return File(StatementExport.Csv(Address, Totals, Debtors), "text/csv; charset=utf-8", $"fund-{Building}-{Totals.From:yyyyMMdd}-{Totals.To:yyyyMMdd}.csv");
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        return File(StatementExport.Pdf(Address, Totals, Debtors), "application/pdf", $"fund-{Building}-{Totals.From:yyyyMMdd}-{Totals.To:yyyyMMdd}.pdf");
    }

    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var fund = await db.Funds.FirstOrDefaultAsync(f => f.BuildingId == Building, cancellationToken);
        if (fund is null)
            return NotFound();
        var s = Settings;
        var special = s.AccountKind == Data.Fund.Special;
        if (s.AccountKind is not (Data.Fund.Special or Data.Fund.RegionalOperator)
            || !DateOnly.TryParseExact(s.ObligationStartsOn, "yyyy-MM-dd", out var starts)
            || (!string.IsNullOrWhiteSpace(s.InDisrepairFrom) && !DateOnly.TryParseExact(s.InDisrepairFrom, "yyyy-MM-dd", out _)))
        {
            return await RefuseAsync("Problem_Settings", cancellationToken);
        }

        if (special && (string.IsNullOrWhiteSpace(s.PayeeName) || s.PayeeName.Length > 300 || string.IsNullOrWhiteSpace(s.BankName) || s.BankName.Length > 300
            || !Digits().IsMatch(s.PayeeInn ?? string.Empty) || s.PayeeInn!.Length is not (10 or 12)
            || (!string.IsNullOrWhiteSpace(s.PayeeKpp) && !(Digits().IsMatch(s.PayeeKpp) && s.PayeeKpp.Length == 9))
            || !(Digits().IsMatch(s.Bic ?? string.Empty) && s.Bic!.Length == 9)
            || !(Digits().IsMatch(s.CorrespondentAccount ?? string.Empty) && s.CorrespondentAccount!.Length == 20)
            || !(Digits().IsMatch(s.SettlementAccount ?? string.Empty) && s.SettlementAccount!.Length == 20)))
        {
            return await RefuseAsync("Problem_SpecialAccount", cancellationToken);
        }

        fund.AccountKind = s.AccountKind;
        fund.ObligationStartsOn = starts;
        fund.InDisrepairFrom = string.IsNullOrWhiteSpace(s.InDisrepairFrom) ? null : DateOnly.ParseExact(s.InDisrepairFrom, "yyyy-MM-dd");
        fund.PayeeName = special ? s.PayeeName!.Trim() : fund.PayeeName;
        fund.PayeeInn = special ? s.PayeeInn : fund.PayeeInn;
        fund.PayeeKpp = special ? (string.IsNullOrWhiteSpace(s.PayeeKpp) ? null : s.PayeeKpp) : fund.PayeeKpp;
        fund.BankName = special ? s.BankName!.Trim() : fund.BankName;
        fund.Bic = special ? s.Bic : fund.Bic;
        fund.CorrespondentAccount = special ? s.CorrespondentAccount : fund.CorrespondentAccount;
        fund.SettlementAccount = special ? s.SettlementAccount : fund.SettlementAccount;
        await db.SaveChangesAsync(cancellationToken);
        Message = text["SettingsSaved"].Value;
        return RedirectToPage(new { building = Building });
    }

    public async Task<IActionResult> OnPostWorkAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        if (!int.TryParse(NewWork.PlannedYear, out var year) || DecimalInput.Parse(NewWork.EstimatedCost) is not { } cost)
            return await RefuseAsync("Problem_Work", cancellationToken);
        var (_, problem, args) = await works.AddWorkAsync(new NewWork(Building, NewWork.Kind ?? string.Empty, year, cost, NewWork.Contractor, NewWork.DecisionRef), cancellationToken);
        if (problem is not null)
            return await RefuseAsync(problem, cancellationToken, args);
        Message = text["WorkSaved"].Value;
        return RedirectToPage(new { building = Building });
    }

    public async Task<IActionResult> OnPostStatusAsync(long work, string? status, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        if (!await db.Works.AnyAsync(w => w.Id == work && w.BuildingId == Building, cancellationToken))
            return NotFound();
        if (await works.SetStatusAsync(work, status ?? string.Empty, cancellationToken) is { } problem)
            return await RefuseAsync(problem, cancellationToken);
        Message = text["WorkSaved"].Value;
        return RedirectToPage(new { building = Building });
    }

    public async Task<IActionResult> OnPostSpendAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        if (!await db.Works.AnyAsync(w => w.Id == Spend.WorkId && w.BuildingId == Building, cancellationToken))
            return await RefuseAsync("Problem_NoWork", cancellationToken);
        if (DecimalInput.Parse(Spend.Amount) is not { } amount || !DateOnly.TryParseExact(Spend.SpentOn, "yyyy-MM-dd", out var spentOn))
            return await RefuseAsync("Problem_Spending", cancellationToken);
        var (_, problem, args) = await works.SpendAsync(new NewSpending(Spend.WorkId, spentOn, amount, Spend.Document ?? string.Empty, User.Identity?.Name ?? "staff"), cancellationToken);
        if (problem is not null)
            return await RefuseAsync(problem, cancellationToken, args);
        Message = text["SpendingSaved"].Value;
        return RedirectToPage(new { building = Building });
    }

    private async Task<IActionResult> RefuseAsync(string problem, CancellationToken cancellationToken, params object[] args)
    {
        Error = text[problem, args].Value;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var fund = await db.Funds.AsNoTracking().FirstOrDefaultAsync(f => f.BuildingId == Building, cancellationToken);
        if (fund is null)
            return false;
        Fund = fund;
        var today = await clock.TodayAsync(cancellationToken);
        // Bad dates fall back to the year so far: a statement is always shown.
        var to = DateOnly.TryParseExact(To, "yyyy-MM-dd", out var t) ? t : today;
        var from = DateOnly.TryParseExact(From, "yyyy-MM-dd", out var f) && f <= to ? f : new DateOnly(to.Year, 1, 1);
        (From, To) = (from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd"));
        Address = (await buildings.ListAsync(cancellationToken)).FirstOrDefault(b => b.Id == Building)?.Address ?? text["BuildingId", Building].Value;
        Totals = await statement.TotalsAsync([Building], from, to, cancellationToken);
        var debtors = await statement.DebtorsAsync(Building, to, DebtorsShown, cancellationToken);
        var labels = await premises.DescribeAsync(debtors.Select(d => d.PremisesId).ToList(), cancellationToken);
        Debtors = debtors.Select(d => (labels.TryGetValue(d.PremisesId, out var l) ? $"кв. {l.Number} ({l.Owners})" : d.PremisesId.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Debt)).ToList();
        Works = await db.Works.AsNoTracking().Where(w => w.BuildingId == Building).OrderBy(w => w.PlannedYear).ThenBy(w => w.Id).ToListAsync(cancellationToken);
        Spending = await db.Spending.AsNoTracking().Where(s => s.BuildingId == Building).OrderByDescending(s => s.SpentOn).ThenByDescending(s => s.Id).Take(100).ToListAsync(cancellationToken);
        SpentByWork = await db.Spending.AsNoTracking().Where(s => s.BuildingId == Building).GroupBy(s => s.WorkId)
            .Select(g => new { g.Key, Sum = g.Sum(s => s.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Sum, cancellationToken);
        if (Settings.AccountKind is null)
        {
            Settings = new SettingsForm
            {
                AccountKind = fund.AccountKind,
                ObligationStartsOn = fund.ObligationStartsOn.ToString("yyyy-MM-dd"),
                InDisrepairFrom = fund.InDisrepairFrom?.ToString("yyyy-MM-dd"),
                PayeeName = fund.PayeeName,
                PayeeInn = fund.PayeeInn,
                PayeeKpp = fund.PayeeKpp,
                BankName = fund.BankName,
                Bic = fund.Bic,
                CorrespondentAccount = fund.CorrespondentAccount,
                SettlementAccount = fund.SettlementAccount,
            };
        }

        Spend.SpentOn ??= today.ToString("yyyy-MM-dd");
        return true;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();
}

internal sealed class SettingsForm
{
    public string? AccountKind { get; set; }

    public string? ObligationStartsOn { get; set; }

    public string? InDisrepairFrom { get; set; }

    public string? PayeeName { get; set; }

    public string? PayeeInn { get; set; }

    public string? PayeeKpp { get; set; }

    public string? BankName { get; set; }

    public string? Bic { get; set; }

    public string? CorrespondentAccount { get; set; }

    public string? SettlementAccount { get; set; }
}

internal sealed class WorkForm
{
    public string? Kind { get; set; }

    public string? PlannedYear { get; set; }

    public string? EstimatedCost { get; set; }

    public string? Contractor { get; set; }

    public string? DecisionRef { get; set; }
}

internal sealed class SpendForm
{
    public long WorkId { get; set; }

    public string? Amount { get; set; }

    public string? SpentOn { get; set; }

    public string? Document { get; set; }
}
