using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Billing.Payments;
using Utilities.Billing.Penalties;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Messaging;
using Utilities.RepairFund;
using Utilities.RepairFund.Payments;
using Utilities.RepairFund.Statements;
using Utilities.RepairFund.Works;

namespace Utilities.Host.Tests;

/// <summary>
/// The capital repair fund (issue 8; domain.md, "Capital repair fund"): contributions = area × share
/// × the regional rate per m², prorated by days on a change of rate, from the building's obligation
/// start, none for social tenancy or a building in disrepair; the fund's share of a split payment
/// posted once; penalties from the day after the due date at 1/300; a special account never
/// spends more than it holds; statements that reconcile with the ledger; the bill's block.
/// Each test charges months of its own, more than the recalculation window apart, and premises or
/// buildings of its own, so the order the tests run in does not matter.
/// </summary>
public sealed class RepairFundTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<RepairFundChargeResult> ChargeAsync(DateOnly period)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IRepairFundCharging>().ChargeAsync(period, Cancel);
    }

    /// <summary>The n-th demo building by id (0: the special account's).</summary>
    private Task<long> BuildingAsync(int n) => Db.ScalarAsync<long>($"select building_id from repair_fund.funds order by account_kind = 'special' desc, building_id offset {n} limit 1");

    /// <summary>A premises of the building with one owner (the n-th by id).</summary>
    private async Task<(long Id, decimal Area)> PremisesAsync(long building, int n)
    {
        var id = await Db.ScalarAsync<long>($"""
            select p.id from contracts.premises p where p.building_id = {building} and p.tenure = 'ownership'
              and (select count(*) from contracts.premises_owners o where o.premises_id = p.id) = 1
            order by p.id offset {n} limit 1
            """);
        Assert.NotEqual(0, id);
        return (id, await Db.ScalarAsync<decimal>($"select area from contracts.premises where id = {id}"));
    }

    private Task<decimal> ChargedAsync(long premisesId, DateOnly period) =>
        Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.entries where premises_id = {premisesId} and kind = 0 and period = '{period:yyyy-MM-dd}'");

    private static decimal Line(decimal area, decimal rate, int days, int inMonth) => Math.Round(area * rate * days / inMonth, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task A_rate_change_inside_the_month_prorates_the_contribution_by_days_of_each_rate_each_line_rounded()
    {
        var march = new DateOnly(2027, 3, 1);
        await Db.ExecuteAsync("insert into repair_fund.contribution_rates (valid_from, rate_per_sqm) values ('2027-03-11', 14.00) on conflict do nothing");
        var oldRate = await Db.ScalarAsync<decimal>("select rate_per_sqm from repair_fund.contribution_rates where valid_from < '2027-03-11' order by valid_from desc limit 1");
        var (premises, area) = await PremisesAsync(await BuildingAsync(2), 0);

        var result = await ChargeAsync(march);

        Assert.True(result.Premises > 0);
        var lines = await Db.ColumnAsync($"select line_from || '|' || line_to || '|' || rate || '|' || amount from repair_fund.entries where premises_id = {premises} and kind = 0 and period = '2027-03-01' order by line_from");
        Assert.Equal(
            [
                $"2027-03-01|2027-03-10|{oldRate.ToString("0.00", CultureInfo.InvariantCulture)}|{Line(area, oldRate, 10, 31).ToString("0.00", CultureInfo.InvariantCulture)}",
                $"2027-03-11|2027-03-31|14.00|{Line(area, 14.00m, 21, 31).ToString("0.00", CultureInfo.InvariantCulture)}",
            ],
            lines);

        // Charging the month again replaces it: nothing counted twice.
        await ChargeAsync(march);
        Assert.Equal(Line(area, oldRate, 10, 31) + Line(area, 14.00m, 21, 31), await ChargedAsync(premises, march));
    }

    [Fact]
    public async Task Contributions_start_on_the_buildings_obligation_date_and_not_before()
    {
        var september = new DateOnly(2027, 9, 1);
        var building = await BuildingAsync(1);
        await Db.ExecuteAsync($"update repair_fund.funds set obligation_starts_on = '2027-09-21' where building_id = {building}");
        var (premises, area) = await PremisesAsync(building, 0);
        var rate = await Db.ScalarAsync<decimal>("select rate_per_sqm from repair_fund.contribution_rates where valid_from <= '2027-09-01' order by valid_from desc limit 1");
        Assert.Equal(rate, await Db.ScalarAsync<decimal>("select rate_per_sqm from repair_fund.contribution_rates where valid_from <= '2027-09-30' order by valid_from desc limit 1"));

        await ChargeAsync(new DateOnly(2027, 8, 1));
        Assert.Equal(0m, await ChargedAsync(premises, new DateOnly(2027, 8, 1)));
        await ChargeAsync(september);

        Assert.Equal(Line(area, rate, 10, 30), await ChargedAsync(premises, september));
        Assert.Equal("2027-09-21", await Db.ScalarAsync<string>($"select min(line_from)::text from repair_fund.entries where premises_id = {premises} and period = '2027-09-01' and kind = 0"));
    }

    [Fact]
    public async Task Social_tenants_owe_nothing_and_a_building_in_disrepair_owes_nothing_from_the_declared_day()
    {
        var march = new DateOnly(2028, 3, 1);
        var special = await BuildingAsync(0);
        var (social, _) = await PremisesAsync(special, 2);
        var (owner, _) = await PremisesAsync(special, 3);
        await Db.ExecuteAsync($"update contracts.premises set tenure = 'social-tenancy' where id = {social}");
        var disrepair = await BuildingAsync(2);
        var (inDisrepair, area) = await PremisesAsync(disrepair, 1);
        await Db.ExecuteAsync($"update repair_fund.funds set in_disrepair_from = '2028-03-20' where building_id = {disrepair}");
        var rate = await Db.ScalarAsync<decimal>("select rate_per_sqm from repair_fund.contribution_rates where valid_from <= '2028-03-01' order by valid_from desc limit 1");

        try
        {
            await ChargeAsync(march);

            Assert.Equal(0L, await Db.ScalarAsync<long>($"select count(*) from repair_fund.entries where premises_id = {social} and period = '2028-03-01' and kind = 0"));
            Assert.True(await ChargedAsync(owner, march) > 0);
            Assert.Equal(Line(area, rate, 19, 31), await ChargedAsync(inDisrepair, march));
        }
        finally
        {
            await Db.ExecuteAsync($"update contracts.premises set tenure = 'ownership' where id = {social}; update repair_fund.funds set in_disrepair_from = null where building_id = {disrepair}");
        }
    }

    [Fact]
    public async Task A_bill_payment_is_split_with_the_months_contribution_and_the_funds_share_is_posted_once_per_payment()
    {
        // November 2026 was billed, so its contributions were charged by the run (before its bills).
        var november = new DateOnly(2026, 11, 1);
        var premises = await Db.ScalarAsync<long>("""
            select e.premises_id from repair_fund.entries e
            where e.period = '2026-11-01' and e.kind = 0
              and e.building_id in (select building_id from repair_fund.funds where account_kind = 'regional-operator')
              and not exists (select 1 from billing.payments p where p.premises_id = e.premises_id)
              and exists (select 1 from billing.debts d where d.premises_id = e.premises_id and d.open > 0)
            group by e.premises_id order by e.premises_id desc limit 1
            """);
        Assert.NotEqual(0, premises);
        var payerCode = (await Db.ScalarAsync<string>($"select payer_code from contracts.premises where id = {premises}"))!;
        var fundOpen = await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises} and for_period = '2026-11-01' and kind <> 4");
        var billingOpen = await Db.ScalarAsync<decimal>($"select sum(open) from billing.debts where premises_id = {premises} and for_period = '2026-11-01'");
        var amount = Math.Round((fundOpen + billingOpen) / 2, 2);
        var expected = PaymentAllocator.Split(amount, [.. (await Db.ColumnAsync($"select open::text from billing.debts where premises_id = {premises} and for_period = '2026-11-01' and open > 0 order by account_id"))
            .Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)), fundOpen]);

        PaymentOutcome outcome;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            outcome = await scope.ServiceProvider.GetRequiredService<PaymentPosting>().PostAsync(
                new PaymentRequest("test:rf:" + Guid.NewGuid(), PaymentChannels.Office, PaymentTargets.Bill, payerCode, amount, new DateOnly(2026, 11, 20), null, "test"), Cancel);
        }

        Assert.True(outcome.Posted);
        // Pro rata over the month's services and the contribution (PaymentAllocator's split).
        Assert.Equal(expected[^1], outcome.RepairFundShare);
        var posted = await TariffPrices.EventuallyAsync(
            () => Db.ScalarAsync<decimal>($"select coalesce(-sum(amount), 0) from repair_fund.entries where payment_id = {outcome.PaymentId}"), v => v != 0, Soon);
        Assert.Equal(outcome.RepairFundShare, posted);
        Assert.Equal(november, await Db.ScalarAsync<DateOnly>($"select for_period from repair_fund.entries where payment_id = {outcome.PaymentId} limit 1"));

        // The same payment delivered again (another event id, as a republished batch would be): nothing new.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetServices<IIntegrationEventHandler<RepairFundPaymentsAllocated>>().OfType<RepairFundPaymentsHandler>().Single();
            await handler.HandleAsync(new IntegrationEvent<RepairFundPaymentsAllocated>(Guid.NewGuid(), DateTimeOffset.UtcNow,
                new RepairFundPaymentsAllocated([new RepairFundShare(outcome.PaymentId!.Value, premises, november, outcome.RepairFundShare, new DateOnly(2026, 11, 20))])), Cancel);
        }

        Assert.Equal(outcome.RepairFundShare, await Db.ScalarAsync<decimal>($"select -sum(amount) from repair_fund.entries where payment_id = {outcome.PaymentId}"));
        Assert.Equal(fundOpen - outcome.RepairFundShare, await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises} and for_period = '2026-11-01' and kind <> 4"));
    }

    [Fact]
    public async Task A_payment_straight_into_the_fund_beyond_what_is_owed_is_an_advance_that_pays_the_next_months_contribution()
    {
        var building = await BuildingAsync(1);
        var (premises, _) = await PremisesAsync(building, 2);
        var share = new RepairFundShare(900_000_000 + premises, premises, null, 5_000m, new DateOnly(2028, 8, 10));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetServices<IIntegrationEventHandler<RepairFundPaymentsAllocated>>().OfType<RepairFundPaymentsHandler>().Single();
            await handler.HandleAsync(new IntegrationEvent<RepairFundPaymentsAllocated>(Guid.NewGuid(), DateTimeOffset.UtcNow, new RepairFundPaymentsAllocated([share])), Cancel);
        }

        Assert.Equal(-5_000m, await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where payment_id = {share.PaymentId} and for_period is null"));
        await ChargeAsync(new DateOnly(2028, 9, 1));

        var september = await ChargedAsync(premises, new DateOnly(2028, 9, 1));
        Assert.True(september > 0);
        // What the premises owed up to September is paid out of the advance, oldest month first; the rest stays an advance.
        Assert.Equal(0m, await Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.entries where premises_id = {premises} and for_period = '2028-09-01' and kind <> 4"));
        var total = await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises}");
        Assert.Equal(total, await Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.entries where premises_id = {premises} and for_period is null")
            + await Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.entries where premises_id = {premises} and for_period is not null"));
    }

    [Fact]
    public async Task Unpaid_contributions_bear_penalties_from_the_day_after_the_due_date_at_one_three_hundredth_of_the_rate()
    {
        var (premises, _) = await PremisesAsync(await BuildingAsync(0), 1);
        await ChargeAsync(new DateOnly(2029, 5, 1));
        var may = await ChargedAsync(premises, new DateOnly(2029, 5, 1));
        // What the premises owed before June, by month (other tests' months included), each unpaid all June.
        var months = (await Db.ColumnAsync($"select for_period || '|' || sum(amount) from repair_fund.entries where premises_id = {premises} and kind <> 4 and for_period < '2029-06-01' group by for_period having sum(amount) > 0"))
            .Select(r => (Month: DateOnly.Parse(r.Split('|')[0], CultureInfo.InvariantCulture), Open: decimal.Parse(r.Split('|')[1], CultureInfo.InvariantCulture))).ToList();
        Assert.Contains(months, m => m.Month == new DateOnly(2029, 5, 1) && m.Open == may);

        await ChargeAsync(new DateOnly(2029, 6, 1));

        var exact = months.Sum(m => PenaltyRule.Accrue(PenaltyTerms.CapitalRepair, m.Month.AddMonths(1).AddDays(14), m.Open, [], new DateOnly(2029, 6, 1), new DateOnly(2029, 6, 30), _ => 9.5m));
        Assert.Equal(PenaltyRule.Round(exact), await Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.entries where premises_id = {premises} and kind = 4 and period = '2029-06-01'"));
        // May's share: due 15.06, 15 days late by 30.06 at 9.5 % / 300.
        Assert.Equal(PenaltyRule.Round(may * 0.095m / 300 * 15), PenaltyRule.Round(PenaltyRule.Accrue(PenaltyTerms.CapitalRepair, new DateOnly(2029, 6, 15), may, [], new DateOnly(2029, 6, 1), new DateOnly(2029, 6, 30), _ => 9.5m)));
    }

    [Fact]
    public async Task A_special_account_cannot_spend_more_than_it_holds_the_refusal_says_so_and_nothing_is_written()
    {
        var special = await BuildingAsync(0);
        var work = await Db.ScalarAsync<long>($"select id from repair_fund.works where building_id = {special} order by id limit 1");
        decimal balance;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            balance = await scope.ServiceProvider.GetRequiredService<FundStatement>().BalanceAsync(special, Cancel);
        var spent = await Db.ScalarAsync<long>("select count(*) from repair_fund.spending");
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var page = $"/office/repair-fund/fund?building={special}";
        var amount = Math.Max(0, balance) + 1_000m;

        var response = await browser.PostFormAsync(page, $"/office/repair-fund/fund?handler=Spend&building={special}", new Dictionary<string, string>
        {
            ["Spend.WorkId"] = work.ToString(CultureInfo.InvariantCulture),
            ["Spend.Amount"] = amount.ToString("0.00", CultureInfo.GetCultureInfo("ru-RU")),
            ["Spend.SpentOn"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Spend.Document"] = "Акт № 1",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("Отказано: на специальном счёте дома", html, StringComparison.Ordinal);
        Assert.Contains("Ничего не записано", html, StringComparison.Ordinal);
        Assert.Equal(spent, await Db.ScalarAsync<long>("select count(*) from repair_fund.spending"));

        // The regional operator's pot may pay ahead of a building's own contributions.
        var pot = await BuildingAsync(2);
        var potWork = await Db.ScalarAsync<long>($"select id from repair_fund.works where building_id = {pot} order by id limit 1");
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var (id, problem, _) = await scope.ServiceProvider.GetRequiredService<WorkCommands>().SpendAsync(
                new NewSpending(potWork, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), 10_000_000m, "Акт № 2", "test"), Cancel);
            Assert.Null(problem);
            Assert.NotNull(id);
        }
    }

    [Fact]
    public async Task A_fund_statement_reconciles_with_the_ledger_and_the_spending_and_exports_to_csv_and_pdf()
    {
        // The demo's survey was paid out of this one.
        var building = await Db.ScalarAsync<long>("select building_id from repair_fund.spending where document like 'Акт № 17%'");
        var from = new DateOnly(2026, 1, 1);
        var to = new DateOnly(2030, 12, 31);
        StatementTotals t;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            t = await scope.ServiceProvider.GetRequiredService<FundStatement>().TotalsAsync([building], from, to, Cancel);

        string Sum(string where) => $"select coalesce(sum(amount), 0) from repair_fund.entries where building_id = {building} and {where}";
        Assert.Equal(await Db.ScalarAsync<decimal>(Sum("kind in (0, 1) and entry_date between '2026-01-01' and '2030-12-31'")), t.Charged);
        Assert.Equal(-await Db.ScalarAsync<decimal>(Sum("kind = 2 and entry_date between '2026-01-01' and '2030-12-31'")), t.Paid);
        Assert.Equal(await Db.ScalarAsync<decimal>(Sum("kind = 4 and entry_date between '2026-01-01' and '2030-12-31'")), t.Penalties);
        Assert.Equal(await Db.ScalarAsync<decimal>(Sum("entry_date <= '2030-12-31'")), t.DebtAtEnd);
        Assert.Equal(t.DebtAtStart + t.Charged + t.Penalties - t.Paid, t.DebtAtEnd);
        Assert.Equal(await Db.ScalarAsync<decimal>($"select coalesce(sum(amount), 0) from repair_fund.spending where building_id = {building} and spent_on between '2026-01-01' and '2030-12-31'"), t.Spent);
        Assert.Equal(t.BalanceAtStart + t.Paid - t.Spent, t.BalanceAtEnd);
        Assert.True(t.Charged > 0);
        Assert.True(t.Spent > 0);

        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var csv = await browser.GetAsync($"/office/repair-fund/fund?handler=Csv&building={building}&from=2026-01-01&to=2030-12-31", Cancel);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(Cancel);
        Assert.Contains($"Оплачено;{t.Paid.ToString("0.00", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        Assert.Contains($"Остаток фонда на конец;{t.BalanceAtEnd.ToString("0.00", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        var pdf = await browser.GetAsync($"/office/repair-fund/fund?handler=Pdf&building={building}&from=2026-01-01&to=2030-12-31", Cancel);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Cancel), 0, 4), StringComparison.Ordinal);
        var index = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/office/repair-fund", Cancel));
        Assert.Contains("Региональный оператор: итого", index, StringComparison.Ordinal);
        // The pot's paid to date is the sum over the regional operator's buildings.
        var potPaid = await Db.ScalarAsync<decimal>("""
            select coalesce(-sum(e.amount), 0) from repair_fund.entries e join repair_fund.funds f on f.building_id = e.building_id
            where f.account_kind = 'regional-operator' and e.kind = 2 and e.entry_date <= current_date
            """);
        Assert.Matches($"<tr class=\"regional-operator\">[\\s\\S]*?<td class=\"num\">{System.Text.RegularExpressions.Regex.Escape(potPaid.ToString("N2", CultureInfo.GetCultureInfo("ru-RU")))}</td>", index);
    }

    [Fact]
    public async Task The_bill_carries_the_repair_fund_block_with_the_special_accounts_own_payee()
    {
        var special = await BuildingAsync(0);
        var premises = await Db.ScalarAsync<long>($"select b.premises_id from billing.bills b join contracts.premises p on p.id = b.premises_id where b.period = '2026-11-01' and p.building_id = {special} order by 1 limit 1");
        Assert.NotEqual(0, premises);
        var charged = await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises} and kind = 0 and period = '2026-11-01'");

        var block = await Db.ScalarAsync<string>($"select (document->'repairFund')::text from billing.bills where period = '2026-11-01' and premises_id = {premises}");

        Assert.NotNull(block);
        using var json = System.Text.Json.JsonDocument.Parse(block!);
        Assert.Equal(charged, json.RootElement.GetProperty("charged").GetDecimal());
        Assert.Equal("40705810363000001234", json.RootElement.GetProperty("payee").GetProperty("settlementAccount").GetString());
        var regional = await Db.ScalarAsync<string>($"select (b.document->'repairFund'->'payee')::text from billing.bills b join contracts.premises p on p.id = b.premises_id where b.period = '2026-11-01' and p.building_id = {await BuildingAsync(1)} limit 1");
        Assert.Equal("null", regional);
    }

    [Fact]
    public async Task The_amount_the_pay_form_offers_in_a_regional_operator_building_pays_the_services_and_the_contribution_in_full()
    {
        // A consumer of a regional operator's building whose premises owes November's services and contribution, unpaid.
        var row = await Db.ColumnAsync("""
            select c.consumer_id || '|' || c.premises_id from contracts.contracts c join contracts.premises p on p.id = c.premises_id
            where c.terminated_on is null and p.building_id in (select building_id from repair_fund.funds where account_kind = 'regional-operator')
              and not exists (select 1 from billing.payments x where x.premises_id = c.premises_id)
              and exists (select 1 from repair_fund.entries e where e.premises_id = c.premises_id and e.period = '2026-11-01' and e.kind = 0 and e.amount > 0)
              and (select sum(balance) from billing.account_balances b where b.premises_id = c.premises_id) > 0
              and (select count(*) from contracts.contracts o where o.premises_id = c.premises_id and o.terminated_on is null) = 1
            order by c.premises_id limit 1
            """);
        Assert.NotEmpty(row);
        var (consumer, premises) = (long.Parse(row[0].Split('|')[0], CultureInfo.InvariantCulture), long.Parse(row[0].Split('|')[1], CultureInfo.InvariantCulture));
        var services = await Db.ScalarAsync<decimal>($"select sum(balance) from billing.account_balances where premises_id = {premises}");
        var contribution = await Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises} and kind <> 4");
        Assert.True(contribution > 0);

        PayablePremises payable;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            payable = (await scope.ServiceProvider.GetRequiredService<ConsumerPremises>().FindAsync(consumer, premises, Cancel))!;
        Assert.Equal(services + contribution, payable.Due);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<PaymentPosting>().PostAsync(
                new PaymentRequest("test:rf-due:" + Guid.NewGuid(), PaymentChannels.Online, PaymentTargets.Bill, payable.PayerCode, payable.Due, new DateOnly(2026, 11, 20), null, "test"), Cancel);
            Assert.True(outcome.Posted);
            Assert.Equal(contribution, outcome.RepairFundShare);
            Assert.Equal(0m, outcome.Advance);
        }

        Assert.Equal(0m, await Db.ScalarAsync<decimal>($"select sum(balance) from billing.account_balances where premises_id = {premises}"));
        Assert.Equal(0m, await TariffPrices.EventuallyAsync(
            () => Db.ScalarAsync<decimal>($"select sum(amount) from repair_fund.entries where premises_id = {premises} and kind <> 4"), v => v == 0, Soon));
    }

    [Fact]
    public async Task The_owner_sees_the_contributions_and_the_buildings_fund_with_its_chart_in_the_cabinet()
    {
        var browser = host.Factory.CreateBrowser();
        var signedIn = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = "ivanov.sp@example.ru", ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        Assert.Contains("href=\"/cabinet/repair-fund\"", await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
        var html = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/cabinet/repair-fund", Cancel));

        Assert.Contains("<th scope=\"row\">11.2026</th>", html, StringComparison.Ordinal);
        Assert.Contains("Фонд капремонта дома", html, StringComparison.Ordinal);
        Assert.Contains("Крыша", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/cabinet/payments/pay\\?premises=\\d+&target=repair-fund\"", html);
        Assert.Matches("<canvas data-chart=\"fund-\\d+-chart-data\"", html);
        Assert.Matches("<script type=\"application/json\" id=\"fund-\\d+-chart-data\">\\{\"type\":\"line\"", html);

        // The bill's page shows the block too (the PDF draws it with Billing's bill).
        var bill = await Db.ScalarAsync<long>("""
            select b.id from billing.bills b where b.period = '2026-11-01' and b.premises_id in (
                select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
                join contracts.consumers p on p.id = c.consumer_id where p.email = 'ivanov.sp@example.ru') order by b.id limit 1
            """);
        var page = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/bills/{bill}", Cancel));
        Assert.Contains("Взнос на капитальный ремонт", page, StringComparison.Ordinal);
        Assert.Contains("за м² ×", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_on_the_fund_page_gets_its_message_and_writes_nothing()
    {
        var building = await BuildingAsync(2);
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var page = $"/office/repair-fund/fund?building={building}";
        var fund = await Db.ScalarAsync<string>($"select account_kind || coalesce(bic, '-') from repair_fund.funds where building_id = {building}");
        var works = await Db.ScalarAsync<long>("select count(*) from repair_fund.works");

        var settings = await browser.PostFormAsync(page, $"/office/repair-fund/fund?handler=Settings&building={building}", new Dictionary<string, string>
        {
            ["Settings.AccountKind"] = "special",
            ["Settings.ObligationStartsOn"] = "2015-01-01",
            ["Settings.PayeeName"] = "ТСЖ",
            ["Settings.PayeeInn"] = "123",
            ["Settings.BankName"] = "Банк",
            ["Settings.Bic"] = "04280967X",
            ["Settings.CorrespondentAccount"] = "30101810700000000679",
            ["Settings.SettlementAccount"] = "40705810363000001234",
        });
        var work = await browser.PostFormAsync(page, $"/office/repair-fund/fund?handler=Work&building={building}", new Dictionary<string, string>
        {
            ["NewWork.Kind"] = "roof",
            ["NewWork.PlannedYear"] = "2030",
            ["NewWork.EstimatedCost"] = "много",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, settings.StatusCode);
        Assert.Contains("Для специального счёта нужны", await settings.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, work.StatusCode);
        Assert.Contains("Укажите год и сметную стоимость работы", await work.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(fund, await Db.ScalarAsync<string>($"select account_kind || coalesce(bic, '-') from repair_fund.funds where building_id = {building}"));
        Assert.Equal(works, await Db.ScalarAsync<long>("select count(*) from repair_fund.works"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/repair-fund/fund?building=999999", Cancel)).StatusCode);
    }
}
