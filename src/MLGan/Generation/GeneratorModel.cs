using MLGan.Data;
using MLGan.Networks;

namespace MLGan.Generation;

/// <summary>Everything a fitted <see cref="GanTransformer"/> is made of, and all that its model file stores.</summary>
internal sealed record GeneratorModel(
    string FeatureColumnName,
    string OutputColumnName,
    string? LatentColumnName,
    int Seed,
    GanNetwork Generator,
    IFeatureCodec Codec,
    IReadOnlyList<GanProgress> History,
    GanOptions? Options,
    IReadOnlyList<ScheduleChange>? ScheduleChanges = null)
{
    /// <summary>Settings training changed on its own (automatic remedies), in order.</summary>
    public IReadOnlyList<ScheduleChange> ScheduleChanges { get; init; } = ScheduleChanges ?? Array.Empty<ScheduleChange>();

    /// <summary>The label classes of a conditional generator, or null.</summary>
    public LabelVocabulary? Labels { get; init; }
}
