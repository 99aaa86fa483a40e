using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Utilities.Billing;
using Utilities.Billing.Bills;
using Utilities.Billing.Bills.Pdf;
using Utilities.Billing.Penalties;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Penalties (Housing Code art. 155 p.14, domain.md "Payments, debts, penalties"): the rule's worked
/// example and variants, and the accrual of a run's ledger stage against PostgreSQL.
/// </summary>
public sealed class PenaltyTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly DateOnly Due = new(2026, 2, 15);

    private TestDatabase Db => host.Database;

    [Fact]
    public void Worked_example_5000_paid_120_days_late_at_9_5_percent_is_204_62()
    {
        Assert.Equal(204.62m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due.AddDays(120), 9.5m));
        // The parts of the example: days 31–90 (95.00) and 91–120 (109.62).
        Assert.Equal(95.00m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due.AddDays(90), 9.5m));
        Assert.Equal(109.62m, PenaltyRule.Round(PenaltyRule.Accrue(PenaltyTerms.Housing, Due, 5000m, [], Due.AddDays(91), Due.AddDays(120), _ => 9.5m)));
    }

    [Fact]
    public void No_penalty_in_the_first_30_days_after_the_due_date()
    {
        Assert.Equal(0m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due.AddDays(30), 9.5m));
        Assert.Equal(1.58m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due.AddDays(31), 9.5m));
        Assert.Equal(0m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due, 9.5m));
    }

    [Fact]
    public void Capital_repair_penalties_run_at_1_300_from_the_day_after_the_due_date_without_a_step()
    {
        // 120 days × 5000 × 0.095 / 300 = 190.00
        Assert.Equal(190.00m, PenaltyRule.ForPayment(PenaltyTerms.CapitalRepair, 5000m, Due, Due.AddDays(120), 9.5m));
        Assert.Equal(1.58m, PenaltyRule.ForPayment(PenaltyTerms.CapitalRepair, 5000m, Due, Due.AddDays(1), 9.5m));
    }

    [Fact]
    public void The_rate_is_the_lower_of_the_cap_and_the_key_rate()
    {
        Assert.Equal(9.5m, PenaltyRule.Rate(9.5m, 16.5m));
        Assert.Equal(7.5m, PenaltyRule.Rate(9.5m, 7.5m));
        // At a key rate of 7.5 % under the cap the worked example gives 5000 × 0.075 × (60/300 + 30/130) = 161.54.
        Assert.Equal(161.54m, PenaltyRule.ForPayment(PenaltyTerms.Housing, 5000m, Due, Due.AddDays(120), PenaltyRule.Rate(9.5m, 7.5m)));
    }

    [Fact]
    public void A_partial_payment_lowers_the_amount_from_the_next_day_and_a_paid_off_debt_takes_the_rate_of_its_payment_day()
    {
        // 5000 unpaid days 31–40, 3000 after a payment on day 40, all at one rate: exact sums rounded once.
        var exact = PenaltyRule.Accrue(PenaltyTerms.Housing, Due, 5000m, [new DebtChange(Due.AddDays(40), -2000m)], Due.AddDays(31), Due.AddDays(50), _ => 9.5m);
        Assert.Equal(PenaltyRule.Round(0.095m * ((10 * 5000m) + (10 * 3000m)) / 300m), PenaltyRule.Round(exact));

        // Paid off on day 50 when the rate is 7 % that day (and 9.5 % the days before): the whole accrual takes 7 %.
        var paidOff = PenaltyRule.Accrue(PenaltyTerms.Housing, Due, 5000m, [new DebtChange(Due.AddDays(50), -5000m)], Due.AddDays(31), Due.AddDays(60),
            day => day >= Due.AddDays(50) ? 7m : 9.5m);
        Assert.Equal(PenaltyRule.Round(0.07m * 20 * 5000m / 300m), PenaltyRule.Round(paidOff));
    }

    [Fact]
    public async Task A_run_accrues_penalties_on_the_unpaid_amount_of_each_day_with_a_partial_payment_and_a_rerun_does_not_double()
    {
        var account = await DebtLedger.AccountAsync(Db, "electricity", 0);
        var january = new DateOnly(2026, 1, 1); // due 15.02.2026
        var may = new DateOnly(2026, 5, 1);
        await DebtLedger.PostAsync(host, DebtLedger.Charge(account, january, 5000m), DebtLedger.Payment(account, january, new DateOnly(2026, 5, 10), 2000m));

        var firstRun = await DebtLedgerRunAsync(may);

        // May 1 is day 75 after 15.02: 5000 on May 1–10, 3000 on May 11–16 (to day 90) at 1/300, 3000 on May 17–31 at 1/130; 9.5 % (the cap under the key rate 16.5 %).
        var expected = Math.Round(0.095m * ((10 * 5000m / 300m) + (6 * 3000m / 300m) + (15 * 3000m / 130m)), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(54.42m, expected);
        Assert.Equal(expected, await PenaltiesAsync(account.Id, may));
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.ledger_entries where account_id = @a and kind = 2 and for_period = @p and entry_date = '2026-05-31' and run_id = @r",
            ("a", account.Id), ("p", may), ("r", firstRun)));
        await LedgerInvariant.AssertHoldsAsync(Db);

        await DebtLedgerRunAsync(may);
        Assert.Equal(expected, await PenaltiesAsync(account.Id, may));
        Assert.Equal(expected, await Db.ScalarAsync<decimal>("select penalties from billing.account_balances where account_id = @a", ("a", account.Id)));
        await LedgerInvariant.AssertHoldsAsync(Db);

        // April: days 45–74, all at 1/300 on 5000 (the payment is in May): 30 × 5000 × 0.095 / 300 = 47.50.
        await DebtLedgerRunAsync(new DateOnly(2026, 4, 1));
        Assert.Equal(47.50m, await PenaltiesAsync(account.Id, new DateOnly(2026, 4, 1)));
        // February: the debt is not yet 31 days past due: nothing.
        await DebtLedgerRunAsync(new DateOnly(2026, 2, 1));
        Assert.Equal(0m, await PenaltiesAsync(account.Id, new DateOnly(2026, 2, 1)));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task Penalties_of_a_period_are_on_its_bill_in_their_own_block_page_and_pdf()
    {
        var account = await DebtLedger.AccountAsync(Db, "cold-water", 2);
        var august = new DateOnly(2026, 8, 1); // due 15.09.2026: November is days 47–76 past due
        var november = new DateOnly(2026, 11, 1);
        await DebtLedger.PostAsync(host, DebtLedger.Charge(account, august, 2000m));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(november, "test", null, TestContext.Current.CancellationToken)).Error);

        // 30 days × 2000 × 0.095 / 300 = 19.00
        Assert.Equal(19.00m, await PenaltiesAsync(account.Id, november));
        var json = await Db.ScalarAsync<string>("select document::text from billing.bills where period = @p and premises_id = @pr", ("p", november), ("pr", account.PremisesId));
        var document = JsonSerializer.Deserialize<BillDocument>(json!, BillComposer.Json)!;
        Assert.Single(document.PenaltyLines, p => p.Amount == 19.00m);
        Assert.Equal(document.Penalties, document.PenaltyLines.Sum(p => p.Amount));
        using var pdf = PdfDocument.Open(new BillPdf().Render(document));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Replace('\u00A0', ' ');
        Assert.Contains("Пени за ноябрь 2026", text, StringComparison.Ordinal);
        Assert.Contains("19,00", text, StringComparison.Ordinal);
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    private Task<long> DebtLedgerRunAsync(DateOnly period) => DebtLedger.RunLedgerAsync(host, period);

    private async Task<decimal> PenaltiesAsync(long accountId, DateOnly period) =>
        await Db.ScalarAsync<decimal?>("select sum(amount) from billing.ledger_entries where account_id = @a and kind = 2 and for_period = @p", ("a", accountId), ("p", period)) ?? 0m;
}
