using System.Text.Json;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// axe-core (the npm package pinned in package-lock.json beside this file, installed by
/// scripts/axe.sh) injected into a page, run over the whole document.
/// </summary>
public static class Axe
{
    private static readonly string ScriptPath = Path.Combine(RunningHost.FindRoot(), "tests", "Utilities.EndToEnd.Tests", "node_modules", "axe-core", "axe.min.js");

    /// <summary>The impacts that fail a page: "serious" and "critical" (issue 12); "minor" and "moderate" are left to review.</summary>
    private static readonly string[] Failing = ["serious", "critical"];

    public sealed record Violation(string Id, string Impact, string Help, string HelpUrl, string[] Targets);

    public static async Task<IReadOnlyList<Violation>> SeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(ScriptPath))
            throw new InvalidOperationException($"{ScriptPath} is missing: run ./test.sh (or `source scripts/axe.sh; axe_ensure`), which installs axe-core with npm ci.");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(r.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        var all = JsonSerializer.Deserialize<Violation[]>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? [];
        return all.Where(v => Failing.Contains(v.Impact)).ToList();
    }

    public static string Describe(string url, IEnumerable<Violation> violations) =>
        string.Join(Environment.NewLine, violations.Select(v =>
            $"{url}: [{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl}){Environment.NewLine}    at {string.Join(Environment.NewLine + "    at ", v.Targets.Take(5))}{(v.Targets.Length > 5 ? $" … and {v.Targets.Length - 5} more" : "")}"));
}
