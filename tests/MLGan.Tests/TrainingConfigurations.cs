using Microsoft.ML;
using MLGan.Tests.Images;

namespace MLGan.Tests;

/// <summary>
/// Named training configurations that between them reach every network layer, loss, penalty and multi-network method
/// (the stress and dispose-scope tests run each one).
/// </summary>
internal static class TrainingConfigurations
{
    public static (GanOptions Options, IDataView Data) Get(MLContext ml, string name, int steps)
    {
        if (name == "DCGAN")
            return (ImageData.QuickDcgan(steps), ImageData.Digits(ml, 128)); // batch norm over maps, the minibatch layer
        var options = new GanOptions { Schedule = { MaxSteps = steps }, Run = { Seed = 3, NumberOfThreads = 1 } };
        if (name == "defaults") // LeakyReLU, the minibatch standard deviation, weight average, mode normalization, the monitor
            return (options, TestData.Ring(ml, 2_000));
        // The rest exercise their losses and layers: without the monitor and the mode search, whose setup dominates a
        // short run under constant collections (the defaults cover them).
        options.Monitor = null;
        options.ModeNormalization = ModeNormalization.None;
        options.Schedule.Epochs = steps; // 500 rows: the step count, not the epochs, ends the run
        var (remedies, networks) = (options.Remedies, options.Networks);
        switch (name)
        {
            case "paper networks":
                networks.Generator.Normalization = GanNormalization.BatchNorm;
                networks.Discriminator.Activation = GanActivation.Maxout;
                options.Objective.Loss = GanLoss.Minimax;
                break;
            case "least squares, ELU, dropout, instance noise, feature matching":
                options.Objective.Loss = GanLoss.LeastSquares;
                networks.Discriminator.Activation = GanActivation.ELU;
                networks.Discriminator.Dropout = 0.2;
                remedies.InstanceNoise.InitialStd = 0.1;
                remedies.FeatureMatching.Weight = 1;
                break;
            case "hinge, DRAGAN, R1, spectral norm, packing, minibatch discrimination":
                options.Objective.Loss = GanLoss.Hinge;
                remedies.Dragan.Weight = 1;
                remedies.R1.Weight = 1;
                remedies.SpectralNorm.Enabled = true;
                remedies.Packing.Degree = 2;
                remedies.MinibatchDiscrimination.Enabled = true;
                break;
            case "WGAN-GP": options.Objective.Loss = GanLoss.WassersteinGP; break;
            case "weight clipping": options.Objective.Loss = GanLoss.Wasserstein; break;
            case "MAD-GAN": remedies.MultipleGenerators.Count = 2; break;
            case "EBGAN": remedies.EnergyBased.Enabled = true; remedies.MinibatchStandardDeviation.Enabled = false; break;
            case "VEEGAN": remedies.Reconstructor.Enabled = true; break;
            case "several discriminators": remedies.MultipleDiscriminators.Count = 2; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such configuration");
        }
        return (options, TestData.Ring(ml, 500));
    }
}
