using System.Net;
using System.Text.RegularExpressions;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>Fills forms as a browser would: GET the page, take its antiforgery token, POST.</summary>
public static partial class Forms
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {pageUrl}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string postUrl, IDictionary<string, string> fields)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// Posts as htmx does: form fields, <c>HX-Request: true</c>, and the antiforgery token in the
    /// <c>RequestVerificationToken</c> header that the page's htmx-config hands to the antiforgery script.
    /// </summary>
    public static async Task<HttpResponseMessage> HtmxPostAsync(this HttpClient client, string pageUrl, string postUrl, IDictionary<string, string> fields, bool withToken = true)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, postUrl) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Current-URL", pageUrl);
        if (withToken)
            request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    /// <summary>Posts fields that may repeat (checkbox groups such as <c>Scopes</c> or <c>Roles</c>).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string postUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    public static async Task SignInAsync(this HttpClient client, string login, string password)
    {
        var response = await client.PostFormAsync("/office/sign-in", "/office/sign-in",
            new Dictionary<string, string> { ["Login"] = login, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
