using MLGan.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLGan.Data;
using MLGan.Data.BlockMapping;
using MLGan.Diversity;
using MLGan.MLNetInternals;

namespace MLGan;

/// <summary>
/// Fits a <see cref="DiversityScoringTransformer"/> on real (reference) data. Create it with
/// <c>mlContext.Gan().Transforms.ScoreDiversity(...)</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes: reference sample, k-NN radii, modes, NDB bins |
/// | Input column | `FeatureColumnName`: known-size vector of Single |
/// | Output columns | distance to the nearest reference row (Single), inside the reference manifold (Boolean), nearest mode (Int32), high quality (Boolean) |
/// ]]></format>
/// </remarks>
public sealed class DiversityScoringEstimator : IEstimator<DiversityScoringTransformer>
{
    private readonly IHost _host;
    private readonly DiversityScoringOptions _options;

    internal DiversityScoringEstimator(IHostEnvironment env, DiversityScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = env.Register(nameof(DiversityScoringEstimator));
        _options = options.Clone();
    }

    /// <summary>Fits the reference on <paramref name="input"/>'s feature column.</summary>
    public DiversityScoringTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = FeatureTable.Load(input, _options.FeatureColumnName, "DiversityScoringOptions.FeatureColumnName", () => HostInterop.CheckAlive(_host), "reference data");
        int seed = _options.Seed ?? _host.Rand.Next();
        return HeldTensors.During(() => new DiversityScoringTransformer(DiversityReference.Fit(table, _options, seed), DiversityColumnNames.From(_options)));
    }

    /// <summary>Checks <paramref name="inputSchema"/> and returns it with the four score columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureColumn.Check(inputSchema, _options.FeatureColumnName, "feature", "DiversityScoringOptions.FeatureColumnName");
        var names = DiversityColumnNames.From(_options);
        return SchemaShapes.With(inputSchema, new[]
        {
            new AddedColumn(names.Distance, NumberDataViewType.Single),
            new AddedColumn(names.InManifold, BooleanDataViewType.Instance),
            new AddedColumn(names.Mode, NumberDataViewType.Int32),
            new AddedColumn(names.HighQuality, BooleanDataViewType.Instance),
        });
    }
}
