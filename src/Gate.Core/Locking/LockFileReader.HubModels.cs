using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Repository;

namespace Gate.Core.Locking;

/// <summary>The lock's <c>models</c>: the Hub's answers, read as strictly as the datasets.</summary>
internal static partial class LockFileReader
{
    private static readonly string[] HubModelKeys = ["id", "status", "revision", "bases", "relation", "renamedTo"];

    private static LockedHubModel[] HubModels(StrictJson.Array array)
    {
        var models = new List<LockedHubModel>();
        foreach (StrictJson item in array.Items)
        {
            LockedHubModel model = HubModel(item);
            if (models.Count > 0 && HubModelOrder(models[^1].Id, model.Id) >= 0)
            {
                throw new LockShapeException(ModelId.Same(models[^1].Id, model.Id)
                    ? $"the model '{model.Id}' is recorded twice"
                    : $"the models are not in id order ('{model.Id}' after '{models[^1].Id}')", item.Line);
            }

            models.Add(model);
        }

        return [.. models];
    }

    /// <summary>The order the writer keeps: by id ignoring ASCII case, which makes ids that are the same model neighbours.</summary>
    internal static int HubModelOrder(string a, string b) => ModelId.Comparer.Compare(a, b);

    private static LockedHubModel HubModel(StrictJson node)
    {
        var m = Object(node, "a Hub model", HubModelKeys);
        string id = HubModelId(String(m, "id"));
        var status = String(m, "status");
        string? revision = m.Get("revision") is StrictJson.Null ? null : Hex(m, "revision", 40);
        string[] bases = Array(m, "bases").Items.Select(b => HubModelId(b as StrictJson.String ?? throw new LockShapeException($"a base of '{id}' is {b.Kind}, not a string", b.Line))).ToArray();
        StrictJson.String? relation = m.Get("relation") is StrictJson.Null ? null : String(m, "relation");
        string? renamedTo = m.Get("renamedTo") is StrictJson.Null ? null : HubModelId(String(m, "renamedTo"));
        if (relation is not null && !ModelDeclaration.Relations.Contains(relation.Value))
        {
            throw new LockShapeException($"the relation of '{id}' is '{relation.Value}', which Gate does not know", relation.Line);
        }

        bool shaped = status.Value switch
        {
            LockedHubModel.Found => revision is not null && renamedTo is null && (relation is null || bases.Length > 0),
            LockedHubModel.NotFound => revision is null && bases.Length == 0 && relation is null && renamedTo is null,
            LockedHubModel.Renamed => revision is null && bases.Length == 0 && relation is null && renamedTo is not null && !ModelId.Same(renamedTo, id),
            _ => throw new LockShapeException($"the status of '{id}' is '{status.Value}', not 'found', 'not-found' or 'renamed'", status.Line),
        };
        if (!shaped)
        {
            throw new LockShapeException($"the Hub model '{id}' ({status.Value}) does not hold what such an entry holds: a found model has a revision and no 'renamedTo', a renamed one only 'renamedTo', a model not found nothing", node.Line);
        }

        if (bases.Distinct(ModelId.Comparer).Count() != bases.Length || bases.Any(b => ModelId.Same(b, id)))
        {
            throw new LockShapeException($"the bases of '{id}' repeat a model or name the model itself", node.Line);
        }

        return new LockedHubModel(id, status.Value, revision, bases, relation?.Value, renamedTo) { Line = node.Line };
    }

    private static string HubModelId(StrictJson.String value) =>
        ModelId.Problem(value.Value) is { } problem
            ? throw new LockShapeException($"'{PathText.Visible(value.Value)}' is not a model id: {problem}", value.Line)
            : value.Value;
}
