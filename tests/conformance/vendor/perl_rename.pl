# The vendor's Perl bindings against one device, the way its px2_configure changes a PDU name: proxies
# chosen by getTypeInfo, settings read, one field changed, the structure written back and read again.
# Usage: perl_rename.pl HOST:PORT USER PASSWORD NEW_NAME   (prints key=value lines)
use strict;
use warnings;
use Raritan::RPC;

my ($address, $user, $password, $name) = @ARGV;
my $agent = new Raritan::RPC::Agent("https://$address", $user, $password, 1);   # 1: no certificate check

my $pdu = $agent->createProxy('/model/pdu/0');
my $firmware = $agent->createProxy('/firmware');
print "pdu_proxy=" . ref($pdu) . "\n";
print "firmware_proxy=" . ref($firmware) . "\n";
print "version=" . $firmware->getVersion() . "\n";

my $settings = $pdu->getSettings();
print "old_name=" . $settings->{'name'} . "\n";
$settings->{'name'} = $name;
print "set_ret=" . $pdu->setSettings($settings) . "\n";
print "new_name=" . $pdu->getSettings()->{'name'} . "\n";

my $outlets = $pdu->getOutlets();
my $outlet_settings = $outlets->[0]->getSettings();
$outlet_settings->{'name'} = "$name-1";
print "outlet_proxy=" . ref($outlets->[0]) . "\n";
print "outlet_set_ret=" . $outlets->[0]->setSettings($outlet_settings) . "\n";
print "outlet_name=" . $outlets->[0]->getSettings()->{'name'} . "\n";
