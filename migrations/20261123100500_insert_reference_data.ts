import type { Knex } from 'knex';

/**
 * Reference data: the dated history of the rules (DOMAIN.md §6) and the
 * NACE-BEL 2008 activity codes a company can give as its main activity.
 * Self-contained on purpose: a migration must insert the same rows forever,
 * whatever later happens to the code in src/.
 */

const DECREE_2016 =
  'Besluit van de Vlaamse Regering van 26 februari 2016 tot toekenning van steun aan kleine en ' +
  'middelgrote ondernemingen voor ondernemerschapsbevorderende en -ondersteunende diensten ' +
  '(kmo-portefeuille), van kracht op 1 april 2016.';
const REFORM_2019_RATES =
  'Bijsturing van de kmo-portefeuille (wijziging van het besluit van 26 februari 2016): ' +
  'steunpercentage 30 % (kleine) en 20 % (middelgrote onderneming) voor aanvragen vanaf 1 december 2019.';
const REFORM_2019_CEILING =
  'Bijsturing van de kmo-portefeuille (wijziging van het besluit van 26 februari 2016): ' +
  'één steunplafond van € 7.500 per onderneming en per kalenderjaar, vanaf 1 januari 2020.';
const CYBERSECURITY_2021 =
  'Wijziging van het besluit van 26 februari 2016: verhoogd steunpercentage (45 % kleine, 35 % middelgrote ' +
  'onderneming) voor opleiding en advies met het thema cybersecurity, voor aanvragen vanaf 13 september 2021; ' +
  'het geldt ook voor opleidingen energie-efficiëntie.';
const ADVICE_2026 =
  'Beslissing van de Vlaamse Regering van 23 januari 2026 (wijziging van het besluit van 26 februari 2016): ' +
  'vanaf 1 februari 2026 komt advies enkel nog in aanmerking voor het thema cybersecurity; opleiding ongewijzigd.';

/** [key, valid_from, value, note]; exported for the demo seed's unit test. */
export const ruleParameters: readonly [string, string, number, string][] = [
  ['subsidy_rate_bp.klein', '2016-04-01', 4000, DECREE_2016],
  ['subsidy_rate_bp.middelgroot', '2016-04-01', 3000, DECREE_2016],
  ['yearly_ceiling_cents.klein', '2016-04-01', 1_000_000, DECREE_2016],
  ['yearly_ceiling_cents.middelgroot', '2016-04-01', 1_500_000, DECREE_2016],
  ['minimum_project_amount_cents.opleiding', '2016-04-01', 10_000, DECREE_2016],
  ['minimum_project_amount_cents.advies', '2016-04-01', 50_000, DECREE_2016],
  ['advice_only_cybersecurity', '2016-04-01', 0, DECREE_2016],
  ['application_deadline_days', '2016-04-01', 14, DECREE_2016],
  ['deposit_deadline_days', '2016-04-01', 30, DECREE_2016],
  ['completion_deadline_years', '2016-04-01', 1, DECREE_2016],
  ['subsidy_rate_bp.klein', '2019-12-01', 3000, REFORM_2019_RATES],
  ['subsidy_rate_bp.middelgroot', '2019-12-01', 2000, REFORM_2019_RATES],
  ['yearly_ceiling_cents.klein', '2020-01-01', 750_000, REFORM_2019_CEILING],
  ['yearly_ceiling_cents.middelgroot', '2020-01-01', 750_000, REFORM_2019_CEILING],
  ['subsidy_rate_bp_increased.klein', '2021-09-13', 4500, CYBERSECURITY_2021],
  ['subsidy_rate_bp_increased.middelgroot', '2021-09-13', 3500, CYBERSECURITY_2021],
  ['advice_only_cybersecurity', '2026-02-01', 1, ADVICE_2026],
];

/**
 * NACE-BEL 2008 codes (5 digits) with their Dutch labels, a selection across
 * the sections. Primary agriculture (01) and fishing and aquaculture (03) are
 * not eligible; forestry (02) is.
 */
const naceCodes: [string, string][] = [
  // A — Landbouw, bosbouw en visserij
  ['01110', 'Teelt van granen (met uitzondering van rijst), peulgewassen en oliehoudende zaden'],
  ['01210', 'Teelt van druiven'],
  ['01240', 'Teelt van pit- en steenvruchten'],
  ['01300', 'Plantenvermeerdering'],
  ['01410', 'Fokken van melkvee'],
  ['01420', 'Fokken van ander rundvee en buffels'],
  ['01460', 'Fokken van varkens'],
  ['01470', 'Fokken van pluimvee'],
  ['01500', 'Gemengd bedrijf'],
  ['01610', 'Ondersteunende activiteiten voor de teelt van gewassen'],
  ['01620', 'Ondersteunende activiteiten in verband met dierlijke productie'],
  ['02100', 'Bosbouw en overige bosbouwactiviteiten'],
  ['02200', 'Exploitatie van bossen'],
  ['03110', 'Zeevisserij'],
  ['03120', 'Binnenvisserij'],
  ['03210', 'Kweken van vis en schaaldieren in zee'],
  ['03220', 'Kweken van vis en schaaldieren in zoet water'],
  // B — Winning van delfstoffen
  ['08121', 'Exploitatie van grind- en zandgroeven'],
  // C — Industrie
  ['10110', 'Verwerking en conservering van vlees, exclusief vlees van gevogelte'],
  ['10130', 'Vervaardiging van producten op basis van vlees, inclusief vlees van gevogelte'],
  ['10200', 'Verwerking en conservering van vis, schaal- en weekdieren'],
  ['10320', 'Vervaardiging van groente- en vruchtensappen'],
  ['10711', 'Industriële vervaardiging van brood en van vers banketbakkerswerk'],
  ['10712', 'Ambachtelijke vervaardiging van brood en van vers banketbakkerswerk'],
  ['10821', 'Vervaardiging van cacao- en chocoladeproducten'],
  ['10822', 'Vervaardiging van suikerwerk'],
  ['10840', 'Vervaardiging van specerijen, sauzen en kruiderijen'],
  ['10890', 'Vervaardiging van andere voedingsmiddelen, n.e.g.'],
  ['11050', 'Vervaardiging van bier'],
  ['14130', 'Vervaardiging van andere bovenkleding'],
  ['15120', 'Vervaardiging van reisartikelen, handtassen e.d., zadel- en tuigmakerswerk'],
  ['16100', 'Zagen en schaven van hout'],
  ['16230', 'Vervaardiging van ander timmerwerk en schrijnwerk voor de bouw'],
  ['17210', 'Vervaardiging van golfpapier en -karton en van verpakkingsmiddelen van papier en karton'],
  ['18120', 'Overige drukkerijen'],
  ['20300', 'Vervaardiging van verf, vernis e.d., drukinkt en mastiek'],
  ['22220', 'Vervaardiging van verpakkingsmiddelen van kunststof'],
  ['22290', 'Vervaardiging van andere producten van kunststof'],
  ['23120', 'Vormen en bewerken van vlakglas'],
  ['23610', 'Vervaardiging van producten van beton voor de bouw'],
  ['25110', 'Vervaardiging van metalen constructiewerken en delen daarvan'],
  ['25120', 'Vervaardiging van deuren en vensters van metaal'],
  ['25500', 'Smeden, persen, stampen en profielwalsen van metaal; poedermetallurgie'],
  ['25610', 'Oppervlaktebehandeling en bekleding van metalen'],
  ['25620', 'Mechanische bewerking van metalen'],
  ['25720', 'Vervaardiging van sloten en scharnieren'],
  ['25990', 'Vervaardiging van andere producten van metaal, n.e.g.'],
  ['26110', 'Vervaardiging van elektronische componenten'],
  ['26200', 'Vervaardiging van computers en randapparatuur'],
  ['27120', 'Vervaardiging van schakel- en verdeelinrichtingen'],
  ['27400', 'Vervaardiging van elektrische verlichtingsapparaten'],
  ['28220', 'Vervaardiging van hijs-, hef- en transportmiddelen'],
  ['28290', 'Vervaardiging van andere machines voor algemeen gebruik, n.e.g.'],
  ['28930', 'Vervaardiging van machines voor de voedingsmiddelen-, drank- en tabaksindustrie'],
  ['29320', 'Vervaardiging van andere onderdelen en toebehoren voor motorvoertuigen'],
  ['31020', 'Vervaardiging van keukenmeubelen'],
  ['31090', 'Vervaardiging van andere meubelen'],
  ['32500', 'Vervaardiging van medische en tandheelkundige instrumenten en benodigdheden'],
  ['33120', 'Reparatie en onderhoud van machines'],
  ['33140', 'Reparatie en onderhoud van elektrische apparatuur'],
  ['33200', 'Installatie van industriële machines en apparatuur'],
  // D — Productie en distributie van elektriciteit, gas, stoom en gekoelde lucht
  ['35300', 'Productie en distributie van stoom en gekoelde lucht'],
  // E — Distributie van water; afval- en afvalwaterbeheer en sanering
  ['38110', 'Inzameling van ongevaarlijk afval'],
  ['38320', 'Terugwinning van gesorteerd materiaal'],
  ['39000', 'Sanering en ander afvalbeheer'],
  // F — Bouwnijverheid
  ['41101', 'Ontwikkeling van residentiële bouwprojecten'],
  ['41201', 'Algemene bouw van residentiële gebouwen'],
  ['41202', 'Algemene bouw van kantoorgebouwen'],
  ['41203', 'Algemene bouw van andere niet-residentiële gebouwen'],
  ['42110', 'Bouw van autowegen en andere wegen'],
  ['42220', 'Bouw van nutsvoorzieningen voor elektriciteit en telecommunicatie'],
  ['42990', 'Bouw van andere civieltechnische werken, n.e.g.'],
  ['43110', 'Slopen'],
  ['43120', 'Bouwrijp maken van terreinen'],
  ['43130', 'Proefboren'],
  ['43211', 'Elektrotechnische installatiewerken aan gebouwen'],
  ['43221', 'Loodgieterswerk'],
  ['43222', 'Installatie van verwarming, klimaatregeling en ventilatie'],
  ['43291', 'Isolatiewerkzaamheden'],
  ['43310', 'Stukadoorswerk'],
  ['43320', 'Schrijnwerk'],
  ['43331', 'Plaatsen van vloer- en wandtegels'],
  ['43332', 'Plaatsen van parketvloeren en andere houten vloerbedekking'],
  ['43341', 'Schilderen van gebouwen'],
  ['43342', 'Glaszetten'],
  ['43910', 'Dakwerkzaamheden'],
  ['43991', 'Waterdichtingswerken'],
  ['43999', 'Overige gespecialiseerde bouwwerkzaamheden, n.e.g.'],
  // G — Groot- en detailhandel; reparatie van auto's en motorfietsen
  ['45201', "Algemeen onderhoud en reparatie van auto's en lichte bedrijfsvoertuigen (≤ 3,5 ton)"],
  ['45320', 'Detailhandel in onderdelen en toebehoren van motorvoertuigen'],
  ['45400', 'Handel in, onderhoud en reparatie van motorfietsen en onderdelen en toebehoren daarvan'],
  ['46130', 'Handelsbemiddeling in hout en bouwmaterialen'],
  ['46180', 'Handelsbemiddeling gespecialiseerd in andere specifieke producten'],
  ['46190', 'Handelsbemiddeling in goederen, algemeen assortiment'],
  ['46390', 'Niet-gespecialiseerde groothandel in voedings- en genotmiddelen'],
  ['46510', 'Groothandel in computers, randapparatuur en software'],
  ['46520', 'Groothandel in elektronische en telecommunicatieapparatuur en delen daarvan'],
  ['46620', 'Groothandel in werktuigmachines'],
  ['46900', 'Niet-gespecialiseerde groothandel'],
  [
    '47111',
    'Detailhandel in niet-gespecialiseerde winkels waarbij voedings- en genotmiddelen overheersen ' +
      '(verkoopoppervlakte < 100 m²)',
  ],
  ['47241', 'Detailhandel in brood en banketbakkerswerk'],
  ['47410', 'Detailhandel in computers, randapparatuur en software in gespecialiseerde winkels'],
  ['47420', 'Detailhandel in telecommunicatieapparatuur in gespecialiseerde winkels'],
  ['47540', 'Detailhandel in elektrische huishoudapparaten in gespecialiseerde winkels'],
  ['47650', 'Detailhandel in spellen en speelgoed in gespecialiseerde winkels'],
  ['47710', 'Detailhandel in kleding in gespecialiseerde winkels'],
  ['47730', 'Apotheken'],
  ['47761', 'Detailhandel in bloemen, planten, zaden en kunstmeststoffen in gespecialiseerde winkels'],
  ['47910', 'Detailhandel via postorderbedrijven of via internet'],
  // H — Vervoer en opslag
  ['49320', "Exploitatie van taxi's"],
  ['49410', 'Goederenvervoer over de weg, met uitzondering van verhuisbedrijven'],
  ['49420', 'Verhuisbedrijven'],
  ['50200', 'Zee- en kustvaart, goederenvervoer'],
  ['53200', 'Andere post- en koeriersactiviteiten'],
  // I — Verschaffen van accommodatie en maaltijden
  ['55100', 'Hotels en dergelijke accommodatie'],
  ['55300', 'Kampeerterreinen en kampeerauto- en caravanterreinen'],
  ['56101', 'Eetgelegenheden met volledige bediening'],
  ['56102', 'Eetgelegenheden met beperkte bediening'],
  ['56210', 'Catering'],
  ['56301', "Café's en bars"],
  // J — Informatie en communicatie
  ['58110', 'Uitgeverijen van boeken'],
  ['58130', 'Uitgeverijen van kranten'],
  ['58140', 'Uitgeverijen van tijdschriften'],
  ['58290', 'Uitgeverijen van andere software'],
  ['59120', "Post-productie van films, video en televisieprogramma's"],
  ['60100', 'Radio-omroepen'],
  ['61100', 'Draadgebonden telecommunicatie'],
  ['61200', 'Draadloze telecommunicatie'],
  ['62010', "Ontwerpen en programmeren van computerprogramma's"],
  ['62020', 'Computerconsultancy-activiteiten'],
  ['62030', 'Beheer van computerfaciliteiten'],
  ['62090', 'Overige diensten op het gebied van informatietechnologie en computer'],
  ['63110', 'Gegevensverwerking, webhosting en aanverwante activiteiten'],
  ['63120', 'Webportalen'],
  ['63990', 'Overige dienstverlenende activiteiten op het gebied van informatie, n.e.g.'],
  // K — Financiële activiteiten en verzekeringen
  ['66220', 'Activiteiten van verzekeringsagenten en -makelaars'],
  // L — Exploitatie van en handel in onroerend goed
  ['68100', 'Handel in eigen onroerend goed'],
  ['68311', 'Bemiddeling bij de aankoop, verkoop en verhuur van onroerend goed'],
  // M — Vrije beroepen en wetenschappelijke en technische activiteiten
  ['69101', 'Activiteiten van advocaten'],
  ['69102', 'Activiteiten van notarissen'],
  ['69103', 'Activiteiten van gerechtsdeurwaarders'],
  ['69201', 'Activiteiten van accountants en belastingconsulenten'],
  ['70100', 'Activiteiten van hoofdkantoren'],
  ['70210', 'Adviesbureaus op het gebied van public relations en communicatie'],
  ['70220', 'Overige adviesbureaus op het gebied van bedrijfsbeheer'],
  ['71111', 'Activiteiten van architecten inzake bouwwerken'],
  ['71112', 'Activiteiten van interieurarchitecten'],
  ['71121', 'Activiteiten van ingenieurs en aanverwante technische adviseurs'],
  ['71201', 'Technische controle van motorvoertuigen'],
  ['71209', 'Overige activiteiten op het gebied van technische testen en toetsen'],
  ['72110', 'Speur- en ontwikkelingswerk op biotechnologisch gebied'],
  ['72190', 'Overig speur- en ontwikkelingswerk op natuurwetenschappelijk gebied'],
  ['72200', 'Speur- en ontwikkelingswerk op het gebied van de maatschappij- en geesteswetenschappen'],
  ['73110', 'Reclamebureaus'],
  ['73120', 'Mediarepresentatie'],
  ['73200', 'Markt- en opinieonderzoekbureaus'],
  ['74102', 'Activiteiten van industriële designers'],
  ['74103', 'Activiteiten van grafische designers'],
  ['74104', 'Activiteiten van interieurdecorateurs'],
  ['74300', 'Vertalers en tolken'],
  ['74909', 'Overige gespecialiseerde wetenschappelijke en technische activiteiten, n.e.g.'],
  ['75000', 'Veterinaire diensten'],
  // N — Administratieve en ondersteunende diensten
  ['77110', "Verhuur en lease van personenauto's en lichte bedrijfsvoertuigen (≤ 3,5 ton)"],
  ['77320', 'Verhuur en lease van machines en werktuigen voor de bouw'],
  ['77390', 'Verhuur en lease van andere machines, werktuigen en materiële goederen, n.e.g.'],
  ['78100', 'Arbeidsbemiddeling'],
  ['78200', 'Uitzendbureaus'],
  ['79110', 'Reisbureaus'],
  ['79120', 'Reisorganisatoren'],
  ['80100', 'Particuliere beveiliging'],
  ['81210', 'Algemene reiniging van gebouwen'],
  ['81220', 'Overige reiniging van gebouwen; industriële reiniging'],
  ['81300', 'Landschapsverzorging'],
  ['82110', 'Gecombineerde administratieve diensten'],
  ['82200', 'Callcenters'],
  ['82300', 'Organisatie van congressen en beurzen'],
  ['82920', 'Verpakkingsbedrijven'],
  ['82990', 'Overige zakelijke dienstverlening, n.e.g.'],
  // P — Onderwijs
  ['85510', 'Sport- en recreatieonderwijs'],
  ['85520', 'Cultureel onderwijs'],
  ['85531', 'Rijscholen'],
  ['85600', 'Onderwijsondersteunende activiteiten'],
  // Q — Menselijke gezondheidszorg en maatschappelijke dienstverlening
  ['86210', 'Huisartspraktijken'],
  ['86220', 'Praktijken van specialisten'],
  ['86230', 'Tandartspraktijken'],
  ['86909', 'Overige menselijke gezondheidszorg, n.e.g.'],
  // R — Kunst, amusement en recreatie
  ['90011', 'Beoefening van podiumkunst door zelfstandig werkende artiesten'],
  ['93110', 'Exploitatie van sportaccommodaties'],
  ['93120', 'Activiteiten van sportclubs'],
  ['93130', 'Fitnesscentra'],
  ['93299', 'Overige recreatieactiviteiten, n.e.g.'],
  // S — Overige diensten
  ['95110', 'Reparatie van computers en randapparatuur'],
  ['95120', 'Reparatie van communicatieapparatuur'],
  ['95210', 'Reparatie van consumentenelektronica'],
  ['95230', 'Reparatie van schoeisel en lederwaren'],
  ['95290', 'Reparatie van andere consumentenartikelen'],
  ['96021', 'Haarverzorging'],
  ['96022', 'Schoonheidsverzorging'],
  ['96030', 'Uitvaartverzorging en aanverwante activiteiten'],
  ['96040', "Sauna's, solaria, baden e.d."],
];

/** Primary agriculture (01) and fishing and aquaculture (03) are excluded (DOMAIN.md §6). */
const isEligible = (code: string) => !code.startsWith('01') && !code.startsWith('03');

export async function up(knex: Knex): Promise<void> {
  await knex('rule_parameters').insert(
    ruleParameters.map(([key, validFrom, value, note]) => ({ key, valid_from: validFrom, value, note })),
  );
  await knex('nace_codes').insert(
    naceCodes.map(([code, label]) => ({ code, label, eligible: isEligible(code) })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('nace_codes')
    .whereIn(
      'code',
      naceCodes.map(([code]) => code),
    )
    .delete();
  for (const [key, validFrom] of ruleParameters) {
    await knex('rule_parameters').where({ key, valid_from: validFrom }).delete();
  }
}
