import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify, matchProfile, parseDeviceId, textFromOid, type Probe } from '../../src/profiles/fingerprint.js';
import { BUNDLED_MIBS_DIR, loadProfiles, parseProfile } from '../../src/profiles/load.js';

const profiles = loadProfiles();
const probe = (p: Partial<Probe>): Probe => ({ printerMib: true, values: new Map(), ...p });

describe('bundled profiles', () => {
  it.each(readdirSync(BUNDLED_MIBS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')))('%s validates and resolves', (file) => {
    const source = parseProfile(readFileSync(join(BUNDLED_MIBS_DIR, file), 'utf8'), file);
    expect(source.id).toBe(file.replace(/\.json$/, ''));
    expect(profiles.find((p) => p.id === source.id)).toBeDefined();
  });

  it.each([
    ['{"id": "x", "vendr": "Acme"}', /x\.json: \/ has unknown key "vendr"/],
    ['{"id": "x", "match": [{"sysObjectID": "1.3.6.x"}]}', /x\.json: \/match\/0\/sysObjectID must match pattern/],
    ['{"id": "x", "kind": "toaster"}', /x\.json: \/kind must be equal to one of the allowed values/],
    ['{"id": "x", "match": [{"sysDescr": "(unclosed"}]}', /x\.json: \/match\/0\/sysDescr must match format "regex"/],
    ['{"id": "x"', /x\.json: \/ is not valid JSON/],
  ])('a broken profile names the file and the JSON path: %s', (text, message) => {
    expect(() => parseProfile(text, 'x.json')).toThrow(message);
  });

  it('a user directory overrides a bundled profile and may extend one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'printscan-mibs-'));
    writeFileSync(join(dir, 'acme.json'), JSON.stringify({ id: 'acme', extends: 'printer-mib', vendor: 'Acme', match: [{ sysObjectID: '1.3.6.1.4.1.99999' }] }));
    const mine = loadProfiles([dir]);
    expect(matchProfile(mine, '1.3.6.1.4.1.99999.1')?.vendor).toBe('Acme');
    expect(mine.find((p) => p.id === 'acme')?.model).toEqual(profiles.find((p) => p.id === 'printer-mib')?.model);
  });

  it('refuses an extends that names no profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'printscan-mibs-'));
    writeFileSync(join(dir, 'orphan.json'), JSON.stringify({ id: 'orphan', extends: 'nothing-here' }));
    expect(() => loadProfiles([dir])).toThrow(/orphan\.json: \/extends names "nothing-here"/);
  });
});

describe('fingerprint', () => {
  it.each([
    ['1.3.6.1.4.1.11.2.3.9.1', 'HP ETHERNET MULTI-ENVIRONMENT,SN:XX1,PID:HP LaserJet M404dn', 'hp', 'HP', undefined, 'HP LaserJet M404dn'],
    ['1.3.6.1.4.1.367.1.1', 'Gestetner MP 2554 1.02 / Gestetner Network Printer C model', 'ricoh', 'Ricoh', 'Gestetner', 'MP 2554'],
    ['1.3.6.1.4.1.367.1.1', 'SAVIN MP C307 1.00 / SAVIN Network Printer C model', 'ricoh', 'Ricoh', 'Savin', 'MP C307'],
    ['', 'LANIER SP 3600DN 1.03 / LANIER Network Printer C model', 'ricoh', 'Ricoh', 'Lanier', 'SP 3600DN'],
    ['1.3.6.1.4.1.18334.1.1.1.2.1.50', 'Develop ineo+ 250i', 'konica-minolta', 'Konica Minolta', 'Develop', 'ineo+ 250i'],
    ['1.3.6.1.4.1.1347.41', 'UTAX Printing System', 'kyocera', 'Kyocera', 'UTAX', undefined],
    ['1.3.6.1.4.1.674.10898.2.100.1', 'Dell C3760dn Color Laser version NH63.AB.N100 kernel 3.0.0 All-N-1', 'dell-lexmark', 'Lexmark', 'Dell', 'C3760dn Color Laser'],
    ['1.3.6.1.4.1.674.10898.10.52.1', 'Dell MFP Laser 2335dn; Net 9.00, Controller 1, Engine 1', 'dell', 'Fujifilm', 'Dell', 'MFP Laser 2335dn'],
    ['', 'TOSHIBA e-STUDIO 305CP version NH7.GM.N001 kernel 4.0 All-N-1', 'toshiba-lexmark', 'Lexmark', 'Toshiba', 'e-STUDIO 305CP'],
    ['1.3.6.1.4.1.1129.2.3.58.2', 'TOSHIBA e-STUDIO3515AC', 'toshiba-tec', 'Toshiba TEC', undefined, 'e-STUDIO3515AC'],
    ['1.3.6.1.4.1.1129.1.2.1', 'TOSHIBA TEC B-EX4T2', 'toshiba-tec-label', 'Toshiba TEC', undefined, 'B-EX4T2'],
    ['1.3.6.1.4.1.236.11.5.1', 'Samsung ML-3710 Series OS 1.0', 'samsung', 'Samsung', undefined, 'ML-3710'],
    ['1.3.6.1.4.1.2385.3.1.112.1.2', 'SHARP MX-4071', 'sharp', 'Sharp', undefined, 'MX-4071'],
    ['1.3.6.1.4.1.1602.4.2', 'Canon iR-ADV C5535 /P', 'canon', 'Canon', undefined, 'iR-ADV C5535'],
    ['1.3.6.1.4.1.253.8.62.1.20.7.1.1.1', 'Xerox VersaLink C405; System 1.0', 'xerox', 'Xerox', undefined, 'VersaLink C405'],
    ['1.3.6.1.4.1.297.1.11.93.1', 'FUJIFILM Apeos C3060', 'fujifilm', 'Fujifilm', undefined, 'Apeos C3060'],
    ['1.3.6.1.4.1.1248.1.1.2.1.3.6.76.52.49.54.48.48', 'EPSON Built-in', 'epson', 'Epson', undefined, 'L41600'],
    ['1.3.6.1.4.1.2001.1.1.1.1.100.3.1', 'OKI C650', 'oki', 'OKI', undefined, 'C650'],
    ['1.3.6.1.4.1.10642.1.1', 'ZTC ZD421-203dpi ZPL', 'zebra', 'Zebra', undefined, 'ZD421-203dpi ZPL'],
  ])('%s / %s → %s', (sysObjectID, sysDescr, id, vendor, brand, model) => {
    const found = identify(profiles, probe({ sysObjectID, sysDescr }));
    expect(found.profile?.id).toBe(id);
    expect(found.vendor).toBe(vendor);
    expect(found.brand).toBe(brand);
    expect(found.model).toBe(model);
    expect(found.imaging).toBe(true);
  });

  it.each([
    ['1.3.6.1.4.1.1347.41', 'KYOCERA', 'TASKalfa 3253ci', 'mfp'],
    ['1.3.6.1.4.1.1347.41', 'KYOCERA', 'ECOSYS P2040dn', 'printer'],
    ['1.3.6.1.4.1.2435.2.3.9.1', 'Brother NC-8300h', 'MFC-L8690CDW series', 'mfp'],
    ['1.3.6.1.4.1.2435.2.3.9.1', 'Brother NC-8300h', 'QL-820NWB', 'label'],
    ['1.3.6.1.4.1.11.2.3.9.1', 'HP ETHERNET MULTI-ENVIRONMENT', 'HP LaserJet MFP M428fdw', 'mfp'],
  ])('%s %s with model %s is a %s', (sysObjectID, sysDescr, model, kind) => {
    const values = new Map([
      ['1.3.6.1.4.1.1347.43.5.1.1.1.1', model],
      ['1.3.6.1.4.1.2435.2.3.9.1.1.7.0', `MFG:Brother;CMD:PJL;MDL:${model};CLS:PRINTER;`],
      ['1.3.6.1.4.1.11.2.3.9.1.1.7.0', `MFG:HP;MDL:${model};`],
    ]);
    expect(identify(profiles, probe({ sysObjectID, sysDescr, values })).kind).toBe(kind);
  });

  it.each([
    ['1.3.6.1.4.1.8072.3.2.10', 'Linux host 6.1.0', false, '1.3.6.1.2.1.25.3.1.5'],
    ['1.3.6.1.4.1.9.1.1208', 'Cisco IOS Software', false, undefined],
    ['1.3.6.1.4.1.99999.1', 'Acme Widget', false, undefined],
    // print-server makers' other products stay out
    ['1.3.6.1.4.1.11863.1.1.3', 'TL-SG3428 JetStream 28-Port Gigabit L2 Managed Switch', false, undefined],
    ['1.3.6.1.4.1.171.10.76.28', 'DGS-1210-28 Gigabit Ethernet Switch', false, undefined],
    ['1.3.6.1.4.1.368.4', 'AXIS P1346 Network Camera', false, undefined],
    ['1.3.6.1.4.1.244.1.1', 'Lantronix UDS1100 device server', false, undefined],
  ])('%s (%s) is not an imaging device', (sysObjectID, sysDescr, printerMib, hrDeviceType) => {
    const found = identify(profiles, probe({ sysObjectID, sysDescr, printerMib, hrDeviceType }));
    expect(found.imaging).toBe(false);
    expect(found.kind).toBe('other');
  });

  it('an unknown maker that speaks the Printer-MIB is a generic printer', () => {
    const found = identify(profiles, probe({ sysObjectID: '1.3.6.1.4.1.99999.1', sysDescr: 'Acme Printer', values: new Map([['1.3.6.1.2.1.25.3.2.1.3.1', 'Acme P100']]) }));
    expect(found).toMatchObject({ imaging: true, kind: 'printer', model: 'Acme P100' });
    expect(found.profile?.id).toBe('printer-mib');
  });

  it.each([
    ['a maker no profile knows: the device ID names it', 'MFG:Acme Imaging;MDL:AI-200;', { vendor: 'Acme Imaging', model: 'AI-200', kind: 'printer' }],
    ['a known maker: its profile names vendor, brand and kind', 'MFG:Kyocera;MDL:TASKalfa 2553ci;', { vendor: 'Kyocera', model: 'TASKalfa 2553ci', kind: 'mfp' }],
    ['nothing behind it says who: the print server maker', undefined, { vendor: 'silex technology', model: undefined, kind: 'printer' }],
  ])('a print server with %s', (_name, deviceId, expected) => {
    const values = new Map(deviceId ? [['1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1', deviceId]] : []);
    const found = identify(profiles, probe({ sysObjectID: '1.3.6.1.4.1.99999.7', sysDescr: 'silex SX-PS-3200P', printerMib: false, values }));
    expect(found.profile?.id).toBe('silex-print-server');
    expect({ vendor: found.vendor, model: found.model, kind: found.kind }).toEqual(expected);
  });

  it('a JetDirect EX serving a maker no profile knows does not take HP from its own sysDescr', () => {
    const values = new Map([['1.3.6.1.4.1.11.2.3.9.1.1.7.0', 'MFG:Acme Imaging;MDL:AI-300;']]);
    const found = identify(profiles, probe({ sysObjectID: '1.3.6.1.4.1.11.2.3.9.1', sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,ROM J.08.55,JETDIRECT EX,JD33', printerMib: false, values }));
    expect(found.profile?.id).toBe('jetdirect-external');
    expect({ vendor: found.vendor, model: found.model }).toEqual({ vendor: 'Acme Imaging', model: 'AI-300' });
  });

  it.each([
    ['MFG:Brother;CMD:PJL,PCL;MDL:HL-L2350DW series;CLS:PRINTER;', { MFG: 'Brother', MDL: 'HL-L2350DW series' }],
    ['MANUFACTURER:Acme;MODEL:P1;', { MANUFACTURER: 'Acme', MODEL: 'P1' }],
  ])('parses device ID %s', (text, fields) => {
    expect(parseDeviceId(text)).toMatchObject(fields);
  });

  it.each([
    ['1.3.6.1.4.1.1248.1.1.2.1.3.5.69.69.80.83.50', 'EEPS2'],
    ['1.3.6.1.4.1.1248.1.1.2.1.3.9.1.2', undefined],
    ['1.3.6.1.4.1.1248.1.1.2.1.3.2.7.70', undefined],
  ])('reads text from OID %s', (oid, text) => {
    expect(textFromOid(oid, '1.3.6.1.4.1.1248.1.1.2.1.3')).toBe(text);
  });
});
