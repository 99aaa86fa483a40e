using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>The steps every journey starts with: a page of a size, a staff member or a consumer signed in.</summary>
public static class Journeys
{
    public static async Task<IPage> NewPageAsync(IBrowser browser, int width = 1280, int height = 1000)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        // Two cores shared with the host tests: navigations may take longer than Playwright's 30 s default.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>A demo staff member (password: login + "-demo") signed in to the back office.</summary>
    public static async Task SignInStaffAsync(IPage page, string baseUrl, string login)
    {
        await page.GotoAsync($"{baseUrl}/office/sign-in");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", login + "-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>A demo consumer signed in to the cabinet by any of their identifiers.</summary>
    public static async Task SignInConsumerAsync(IPage page, string baseUrl, string identifier, string password = "cabinet-demo")
    {
        await page.GotoAsync($"{baseUrl}/sign-in");
        await page.FillAsync("#login", identifier);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync($"{baseUrl}/cabinet");
    }
}
