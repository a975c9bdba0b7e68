// mlgan: the command-line tool (see MLGanCli for the commands and exit codes).
using System.Globalization;
using MLGan.Cli;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
return MLGanCli.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
