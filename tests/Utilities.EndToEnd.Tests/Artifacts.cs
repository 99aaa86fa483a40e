using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Where the browser tests leave what a person looks at afterwards: a full-page PNG of each
/// journey's end state. ./test.sh sets UTILITIES_TEST_ARTIFACTS to its results folder
/// (.data/test-results, beside the .trx files); a bare `dotnet test` uses TestResults/ at the root.
/// </summary>
public static class Artifacts
{
    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("UTILITIES_TEST_ARTIFACTS") is { Length: > 0 } set ? set : Path.Combine(RunningHost.FindRoot(), "TestResults"),
        "screenshots");

    /// <summary>Saves the page as &lt;test class&gt;.&lt;step&gt;.png; the step defaults to the calling test's name.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, [CallerMemberName] string step = "", [CallerFilePath] string file = "")
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(file)}.{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
