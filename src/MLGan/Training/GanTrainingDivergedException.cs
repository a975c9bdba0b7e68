namespace MLGan;

/// <summary>
/// Thrown by <see cref="GanEstimator.Fit(Microsoft.ML.IDataView)"/> when training diverges, instead of returning a
/// broken generator. Training is checked at every progress report (every <see cref="GanRunOptions.ReportInterval"/>
/// generator steps and at the last step); it has diverged when, since the previous report,
/// <list type="bullet">
/// <item>the discriminator loss, the generator loss or the generator's gradient norm was NaN or infinite in some step,
/// or the mean gradient norm (on standardized data) exceeded 1e4 (healthy runs measured at most 71), or</item>
/// <item>a fixed probe batch of generated rows holds a NaN or infinite value, or a value farther outside the training
/// data's range in its slot than 5 times that range's width (a check on outputs, because a Wasserstein critic's loss
/// is legitimately unbounded and a diverged generator may emit one far-away point with finite losses).</item>
/// </list>
/// The message names the step, the symptom and what to change; <see cref="LastHealthyModel"/> is the generator of the
/// last report that passed these checks (the initial weights when none did).
/// </summary>
public sealed class GanTrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (no model attached).</summary>
    public GanTrainingDivergedException() : this("GAN training diverged.")
    {
    }

    /// <summary>Creates the exception with a message only (no model attached).</summary>
    public GanTrainingDivergedException(string message) : base(message)
    {
        Symptom = "";
    }

    /// <summary>Creates the exception with a message and an inner exception (no model attached).</summary>
    public GanTrainingDivergedException(string message, Exception innerException) : base(message, innerException)
    {
        Symptom = "";
    }

    internal GanTrainingDivergedException(string message, int step, string symptom, GanTransformer lastHealthyModel, int lastHealthyStep) : base(message)
    {
        Step = step;
        Symptom = symptom;
        LastHealthyModel = lastHealthyModel;
        LastHealthyStep = lastHealthyStep;
    }

    /// <summary>The generator step of the report at which divergence was detected.</summary>
    public int Step { get; }

    /// <summary>What went wrong, e.g. "the generator's gradient norm became Infinity" or "generated values reach 128.5 in slot 0 while ...".</summary>
    public string Symptom { get; }

    /// <summary>
    /// The generator of the last report that passed the checks (step <see cref="LastHealthyStep"/>; step 0 is the initial
    /// weights): a usable, savable transformer whose <see cref="GanTransformer.TrainingHistory"/> ends at that step.
    /// Dispose it when done. Always set when <c>Fit</c> throws; null only for an exception made by other code.
    /// </summary>
    public GanTransformer? LastHealthyModel { get; }

    /// <summary>The generator step of <see cref="LastHealthyModel"/>.</summary>
    public int LastHealthyStep { get; }
}
