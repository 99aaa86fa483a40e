using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Utilities.Host.Composition;

/// <summary>Tags every Razor page with the module whose assembly holds it (the host's own pages: "Host").</summary>
internal sealed class ModuleEndpointConvention(ModuleRegistry modules) : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        var module = modules.FindByAssembly(model.HandlerType.Assembly);
        model.EndpointMetadata.Add(new ModuleTag(module?.Name ?? "Host"));
    }
}
