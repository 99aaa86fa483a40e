using System.Xml.Linq;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Utilities.Plugins.Sdk;

namespace Utilities.Architecture.Tests;

/// <summary>Plugins reference no project but the SDK; the SDK references nothing of ours.</summary>
public sealed class PluginBoundaryTests
{
    private static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader()
            .LoadAssemblies(Modules.Everything.Append(typeof(IUtilityPlugin).Assembly).ToArray())
            .LoadFilteredDirectory(Plugins.Folder, "Utilities.Plugins.*.dll", SearchOption.AllDirectories)
            .Build();

    public static TheoryData<string> PluginNames() => new(Plugins.Names);

    public static TheoryData<string> PluginProjects() =>
        new(Plugins.PluginProjects.Select(p => Path.GetRelativePath(Plugins.RepositoryRoot, p)));

    [Fact]
    public void The_four_plugins_are_there_to_check() =>
        Assert.Equal(["Utilities.Plugins.ColdWater", "Utilities.Plugins.Electricity", "Utilities.Plugins.Heating", "Utilities.Plugins.HotWater"], Plugins.Names);

    [Theory]
    [MemberData(nameof(PluginNames))]
    public void A_plugin_depends_on_nothing_of_ours_but_the_sdk(string plugin)
    {
        Assert.Contains(Architecture.Types, t => t.Assembly.Name.StartsWith(plugin + ",", StringComparison.Ordinal) || t.Assembly.Name == plugin);
        BoundaryRules.PluginDependsOnNothingOfOursButTheSdk(plugin).Check(Architecture);
    }

    [Fact]
    public void The_sdk_depends_on_nothing_of_ours() =>
        BoundaryRules.SdkDependsOnNothingOfOurs(Plugins.SdkName).Check(Architecture);

    [Theory]
    [MemberData(nameof(PluginProjects))]
    public void A_plugin_project_references_the_sdk_only_and_without_a_copy_of_it(string project)
    {
        var xml = XDocument.Load(Path.Combine(Plugins.RepositoryRoot, project));
        var references = xml.Descendants("ProjectReference").ToList();

        var sdk = Assert.Single(references);
        Assert.Equal(Plugins.SdkName + ".csproj", Path.GetFileName(sdk.Attribute("Include")!.Value.Replace('\\', '/')));
        Assert.Equal("false", (string?)sdk.Attribute("Private"));
        Assert.Equal("runtime", (string?)sdk.Attribute("ExcludeAssets"));
        Assert.Equal("true", xml.Descendants("EnableDynamicLoading").SingleOrDefault()?.Value);
    }

    [Fact]
    public void The_sdk_project_references_no_project_and_only_build_time_packages()
    {
        var xml = XDocument.Load(Plugins.SdkProject);

        Assert.Empty(xml.Descendants("ProjectReference"));
        Assert.All(xml.Descendants("PackageReference"), p => Assert.Equal("all", (string?)p.Attribute("PrivateAssets")));
    }
}
