using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Issue 12, journeys: a consumer signs in to the cabinet by each of their identifiers (e-mail,
/// phone as people write it, contract number) and attaches another person's account with the
/// code printed on that account's bill.
/// </summary>
public sealed class ConsumerSignInBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    private const string Name = "Кузнецова Ольга Викторовна";

    [Theory]
    [InlineData("e-mail", "kuznetsova.ov@example.ru")]
    [InlineData("phone", "8 (916) 123-45-04")]
    [InlineData("contract", "Д-2024/0004")]
    public async Task A_consumer_signs_in_by_each_identifier_and_sees_their_own_accounts(string kind, string identifier)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);

        await Journeys.SignInConsumerAsync(page, host.Url, identifier);

        await Assertions.Expect(page.Locator("header .user-name")).ToHaveTextAsync(Name);
        var own = await host.ScalarAsync<long>("""
            select count(*) from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = 'Д-2024/0004' and a.closed_on is null
            """);
        Assert.True(own > 0);
        await Assertions.Expect(page.Locator("section.premises table.grid tbody tr")).ToHaveCountAsync((int)own);
        await Artifacts.ScreenshotAsync(page, $"Signed_in_by_{kind}");

        await page.ClickAsync("header form[action='/sign-out'] button");
        await page.WaitForURLAsync(url => !url.EndsWith("/cabinet", StringComparison.Ordinal));
        await page.GotoAsync($"{host.Url}/cabinet");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_consumer_out_with_a_message()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);

        await page.GotoAsync($"{host.Url}/sign-in");
        await page.FillAsync("#login", "Д-2024/0004");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("form button[type=submit].primary");

        await Assertions.Expect(page.Locator("form .error[role=alert]")).ToBeVisibleAsync();
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await Artifacts.ScreenshotAsync(page);
    }

    [Fact]
    public async Task A_consumer_attaches_another_account_with_its_code_and_sees_it_marked_as_attached()
    {
        var (number, code) = (await host.ScalarAsync<string>("""
            select a.number || ' ' || a.attach_code from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = 'Д-2024/0005' and a.utility = 'electricity' order by a.id limit 1
            """))!.Split(' ') switch { var p => (p[0], p[1]) };
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);
        await Journeys.SignInConsumerAsync(page, host.Url, "kuznetsova.ov@example.ru");
        var before = await page.Locator("section.premises table.grid tbody tr").CountAsync();

        var form = page.Locator("form:has(input[name=Code])");
        await form.Locator("input[name=Number]").FillAsync(number);
        await form.Locator("input[name=Code]").FillAsync("WRONG123");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form:has(input[name=Code]) .error[role=alert]")).ToBeVisibleAsync();
        Assert.Equal(before, await page.Locator("section.premises table.grid tbody tr").CountAsync());

        // As people copy it from paper: lower case, a dash in the middle.
        await page.Locator("form:has(input[name=Code]) input[name=Number]").FillAsync(number);
        await page.Locator("form:has(input[name=Code]) input[name=Code]").FillAsync($"{code[..4].ToLowerInvariant()}-{code[4..]}");
        await page.Locator("form:has(input[name=Code]) button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice[role=status]")).ToContainTextAsync($"Лицевой счёт {number} добавлен в кабинет");
        var row = page.Locator("section.premises table.grid tbody tr").Filter(new LocatorFilterOptions { HasText = number });
        await Assertions.Expect(row.Locator(".badge.warn")).ToHaveTextAsync("добавлен по коду");
        Assert.Equal(before + 1, await page.Locator("section.premises table.grid tbody tr").CountAsync());
        await Artifacts.ScreenshotAsync(page);
    }
}
