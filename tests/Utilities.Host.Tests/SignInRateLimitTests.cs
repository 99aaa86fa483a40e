using System.Net;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

public sealed class StrictRateLimitFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimits:ConsumerPostsPerMinute"] = "3" };
}

/// <summary>Sign-in posts are rate-limited per address: a guesser gets 429 long before the lockout matters to others.</summary>
public sealed class SignInRateLimitTests(StrictRateLimitFixture host) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task The_fourth_sign_in_post_in_a_minute_is_refused_with_429_and_pages_still_open()
    {
        var browser = host.Factory.CreateBrowser();
        var fields = new Dictionary<string, string> { ["Login"] = "nobody@example.ru", ["Password"] = "guess-guess" };
        var token = await browser.AntiforgeryTokenAsync("/sign-in");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
            statuses.Add((await browser.PostAsync("/sign-in", content, TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sign-in", TestContext.Current.CancellationToken)).StatusCode);
    }
}
